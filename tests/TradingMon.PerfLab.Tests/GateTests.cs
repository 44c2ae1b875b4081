using System.Text.Json;
using TradingMon.PerfLab.Results;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.PerfLab.Tests;

/// <summary>
/// The gate against the real machine: a pinned SCHED_FIFO latency probe on CPU 1, with and without
/// a higher-priority SCHED_FIFO hog spinning 500 µs bursts on the same CPU; recorded are the probe's
/// lateness and the kernel's run-queue latency of the probe thread on CPU 1 (filtered by its comm, so
/// the neighbours' CFS contention on this shared VM does not drown the signal). Short scenarios
/// (2 s runs, median of 5); the thresholds are the shipped quick scenario's (it says why the probe's
/// p99 and beyond are not gated there).
/// </summary>
public sealed class GateTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perflab-gate-").FullName;

    // 500 µs bursts every 2.1 ms: about a quarter of the probe's wakeups land in a burst. The period is
    // no multiple of the probe's 1 ms, so the deadlines slide through the bursts instead of
    // phase-locking inside or outside them.
    private const string Hog = """[ { "type": "fifo-hog", "cpu": 1, "burst": "500us", "period": "2.1ms", "priority": 90 } ]""";

    private static string Scenario(bool hog) => $$"""
        {
          "duration": "2s",
          "workload": { "type": "latency-probe", "cpu": 1, "period": "1ms", "priority": 80, "partner_cpu": 0 },
          "noise": {{(hog ? Hog : "[]")}},
          "metrics": [
            { "name": "probe.latency", "min_samples": 1000, "noise_floor": "150us",
              "rules": { "p50": 1.5, "p90": 1.25 } },
            { "name": "sched.runq", "key": "cpu1", "comm": "latency-probe", "min_samples": 1000, "noise_floor": "150us",
              "rules": { "p99": 1.25 } }
          ]
        }
        """;

    private string WriteScenario(string name, bool hog)
    {
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, Scenario(hog));
        return path;
    }

    private (int Exit, List<ComparisonRow> Rows) Bench(string scenario, string run, bool record)
    {
        string outDir = Path.Combine(_dir, run);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var args = new List<string> { scenario, "--repeat", "5", "--baselines", Path.Combine(_dir, "baselines"), "--out", outDir };
        if (record) args.Add("--update-baseline");
        int exit = Program.Run(args, stdout, stderr);
        output.WriteLine($"--- {run}: exit {exit}\n{stdout}{stderr}");
        Assert.True(exit is 0 or 1, $"setup error: {stderr}");
        var rows = JsonSerializer.Deserialize<List<ComparisonRow>>(File.ReadAllText(Path.Combine(outDir, "summary.json")), Json.Options)!;
        return (exit, rows);
    }

    [Fact]
    public void A_fifo_hog_on_the_probes_cpu_is_a_regression()
    {
        string path = WriteScenario("tp", hog: false);
        Assert.Equal(0, Bench(path, "baseline", record: true).Exit);
        WriteScenario("tp", hog: true);
        var (exit, rows) = Bench(path, "hog", record: false);

        Assert.Equal(1, exit);
        // p90: a quarter of the wakeups wait for a burst, far beyond the machine's own noise at p90.
        Assert.Equal("regressed", rows.Single(r => r.Metric == "probe.latency" && r.Percentile == "p90").Verdict);
        Assert.Equal("regressed", rows.Single(r => r.Metric == "sched.runq" && r.Percentile == "p99").Verdict);
        Assert.True(File.Exists(Path.Combine(_dir, "hog", "report.md")));
        Assert.True(File.Exists(Path.Combine(_dir, "hog", "tp-probe.latency-probe.png")));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(_dir, "hog", "tp"), "run-*.hlog").Length);
        // Every run also recorded the host control, on the CPU the probe and hog leave alone.
        Assert.Contains("Tag=host.control:cpu0,", File.ReadAllText(Path.Combine(_dir, "hog", "tp", "run-1.hlog")));
    }

    [Fact]
    public void Removing_the_hog_is_an_improvement_and_passes()
    {
        string path = WriteScenario("better", hog: true);
        Assert.Equal(0, Bench(path, "baseline", record: true).Exit);
        WriteScenario("better", hog: false);
        var (exit, rows) = Bench(path, "quiet", record: false);

        Assert.Equal(0, exit);
        Assert.Equal("improved", rows.Single(r => r.Metric == "probe.latency" && r.Percentile == "p90").Verdict);
        Assert.DoesNotContain(rows, r => r.Verdict == "regressed");
    }

    [Fact]
    public void Quiet_against_quiet_regresses_at_most_once_in_ten()
    {
        string path = WriteScenario("quiet", hog: false);
        Assert.Equal(0, Bench(path, "baseline", record: true).Exit);
        int regressed = 0;
        for (int i = 1; i <= 10; i++)
            if (Bench(path, $"again-{i}", record: false).Exit == 1) regressed++;
        output.WriteLine($"false-positive rate: {regressed}/10 quiet-vs-quiet comparisons regressed");
        Assert.True(regressed <= 1, $"{regressed}/10 quiet-vs-quiet comparisons regressed");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
