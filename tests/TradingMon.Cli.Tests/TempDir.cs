namespace TradingMon.Cli.Tests;

/// <summary>A scratch directory for one test's config, rules and outputs; removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tm-cli-test-").FullName;

    public string File(string name, string? content = null)
    {
        string p = System.IO.Path.Combine(Path, name);
        if (content is not null) System.IO.File.WriteAllText(p, content);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
