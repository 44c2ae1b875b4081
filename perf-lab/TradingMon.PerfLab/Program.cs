using TradingMon.Core;

namespace TradingMon.PerfLab;

/// <summary>Entry point of <c>run-bench.sh</c>: exit 0 pass, 1 regression, 2 invalid scenario or setup error.</summary>
public static class Program
{
    public const int Pass = 0, Regression = 1, Invalid = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The whole command with its output streams given, so tests run it in-process.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Contains("--help") || args.Contains("-h")) { stdout.WriteLine(BenchOptions.Usage); return Pass; }
        try
        {
            var options = BenchOptions.Parse(args, RepositoryRoot());
            return new Bench(options, stdout).Run();
        }
        catch (TradingMonException e)
        {
            stderr.WriteLine($"run-bench: {e.Message}");
            return Invalid;
        }
    }

    /// <summary>The checkout this runner was built from: the directory above the binary that holds TradingMon.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TradingMon.sln"))) return dir.FullName;
        throw new TradingMonException($"cannot find the repository (TradingMon.sln) above {AppContext.BaseDirectory}; run ./run-bench.sh from a checkout");
    }
}
