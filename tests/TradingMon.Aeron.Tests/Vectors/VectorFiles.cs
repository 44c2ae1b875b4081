namespace TradingMon.Aeron.Tests.Vectors;

/// <summary>
/// Finds /work/shared/aeron-vectors by a path relative to the repository: CI clones put
/// <c>shared/</c> beside the repo root (<c>&lt;repo&gt;/../shared</c>); a git worktree under
/// <c>wt/</c> has it one level further up.
/// </summary>
public static class VectorFiles
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    private static string Locate()
    {
        string repo = RepoRoot();
        string[] candidates =
        [
            System.IO.Path.GetFullPath(System.IO.Path.Combine(repo, "..", "shared", "aeron-vectors")),
            System.IO.Path.GetFullPath(System.IO.Path.Combine(repo, "..", "..", "shared", "aeron-vectors")),
        ];
        foreach (string candidate in candidates)
            if (File.Exists(System.IO.Path.Combine(candidate, "proof.pcap"))) return candidate;
        throw new FileNotFoundException(
            $"Aeron capture vectors not found: expected proof.pcap, loss.pcap, eos.pcap and their *-decoded.txt in {string.Join(" or ", candidates)}. " +
            "Clone or copy the shared/ folder beside the repository root.");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TradingMon.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"TradingMon.sln not found above {AppContext.BaseDirectory}");
    }
}
