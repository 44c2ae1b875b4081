using System.Text.Json;
using TradingMon.Core;

namespace TradingMon.PerfLab.Results;

/// <summary>Baselines on disk: <c>DIR/NAME/summary.json</c> plus <c>DIR/NAME/run-K.hlog</c>, one per recorded run.</summary>
public sealed class BaselineStore(string directory)
{
    public const string SummaryFile = "summary.json";

    public string Directory { get; } = directory;

    public string PathOf(string name) => Path.Combine(Directory, name);

    public bool Exists(string name) => File.Exists(Path.Combine(PathOf(name), SummaryFile));

    public BaselineFile Read(string name)
    {
        string file = Path.Combine(PathOf(name), SummaryFile);
        if (!File.Exists(file))
            throw new TradingMonException($"no baseline '{name}' ({file} is missing); record one first: ./run-bench.sh {name} --update-baseline");
        try { return Json.Read<BaselineFile>(file); }
        catch (JsonException e) { throw new TradingMonException($"{file}: unreadable baseline ({e.Message}); record it again with --update-baseline"); }
    }

    /// <summary>Replaces the baseline: the summary and copies of this recording's .hlog files (older run logs are removed).</summary>
    public void Write(BaselineFile baseline, IEnumerable<string> runLogs)
    {
        string dir = PathOf(baseline.Scenario);
        System.IO.Directory.CreateDirectory(dir);
        foreach (var old in System.IO.Directory.GetFiles(dir, "*.hlog")) File.Delete(old);
        foreach (var log in runLogs) File.Copy(log, Path.Combine(dir, Path.GetFileName(log)), overwrite: true);
        Json.Write(Path.Combine(dir, SummaryFile), baseline);
    }
}
