using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;
using Xunit;

namespace TradingMon.PerfLab.Tests;

public class ScenarioFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perflab-scenarios-").FullName;

    private const string Valid = """
        {
          "description": "probe alone",
          "duration": "10s",
          "quick_duration": "2s",
          "workload": { "type": "latency-probe", "cpu": 1, "period": "500us", "priority": 10 },
          "noise": [ { "type": "fifo-hog", "cpu": 1, "burst": "500us", "period": "5ms" } ],
          "metrics": [
            { "name": "probe.latency", "noise_floor": "50us", "rules": { "p99": 1.25, "p99.9": 1.5, "max": 2 } },
            { "name": "softirq.duration", "key": "cpu*/NET_RX", "min_samples": 200, "rules": { "p99": 1.5 } }
          ]
        }
        """;

    private string Write(string name, string json)
    {
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_valid_file_reads_completely()
    {
        var s = ScenarioFile.Load(Write("ok", Valid));
        Assert.Equal("ok", s.Name);
        Assert.Equal("ok", s.BaselineName);
        Assert.Equal(10_000_000_000, s.DurationNs);
        Assert.Equal(2_000_000_000, s.QuickDurationNs);
        Assert.Equal(new WorkloadSpec("latency-probe", 1, 500_000, 10, null), s.Workload);
        Assert.Equal(new FifoHogNoise(1, 500_000, 5_000_000, 50), Assert.Single(s.Noise));
        Assert.Equal("probe", s.Metrics[0].Key);
        Assert.Equal(50_000, s.Metrics[0].NoiseFloorNs);
        Assert.Equal(["p99", "p99.9", "max"], s.Metrics[0].Rules.Select(r => r.Percentile.ToString()));
        Assert.Equal(200, s.Metrics[1].MinSamples);
    }

    [Theory]
    [InlineData("\"name\": \"probe.latency\"", "\"name\": \"probe.latnecy\"", "metrics[0].name", "unknown metric 'probe.latnecy'")]
    [InlineData("\"p99.9\": 1.5", "\"p100\": 1.5", "metrics[0].rules.p100", "not a percentile")]
    [InlineData("\"p99.9\": 1.5", "\"99.9\": 1.5", "metrics[0].rules.99.9", "not a percentile")]
    [InlineData("\"p99\": 1.25", "\"p99\": 0.8", "metrics[0].rules.p99", ">= 1.0")]
    [InlineData("\"key\": \"cpu*/NET_RX\", ", "", "metrics[1].key", "is missing")]
    [InlineData("\"period\": \"500us\"", "\"period\": \"500\"", "workload.period", "duration with a unit")]
    [InlineData("\"type\": \"latency-probe\"", "\"type\": \"cyclictest\"", "workload.type", "unknown workload")]
    [InlineData("\"cpu\": 1, \"period\"", "\"cpu\": 64, \"period\"", "workload.cpu", "this machine has CPUs")]
    [InlineData("\"priority\": 10 }", "\"priority\": 10, \"control_cpu\": 1 }", "workload.control_cpu", "must differ from workload.cpu")]
    [InlineData("\"type\": \"fifo-hog\"", "\"type\": \"fork-bomb\"", "noise[0].type", "unknown noise injector")]
    [InlineData("\"burst\": \"500us\"", "\"burst\": \"6ms\"", "noise[0].burst", "shorter than the period")]
    [InlineData("\"noise_floor\"", "\"noise_flor\"", "metrics[0].noise_flor", "not a known field")]
    [InlineData("{ \"name\": \"softirq.duration\", \"key\": \"cpu*/NET_RX\",", "{ \"name\": \"sched.runq\", \"key\": \"cpu0\", \"comm\": \"latency-probe\",", "metrics[1].key", "must be cpu1 (the workload's CPU")]
    public void An_invalid_field_is_named(string from, string to, string field, string problem)
    {
        Assert.Contains(from, Valid);
        string path = Write("bad", Valid.Replace(from, to));
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"field '{field}'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_missing_workload_is_named()
    {
        int start = Valid.IndexOf("\"workload\"", StringComparison.Ordinal);
        int end = Valid.IndexOf("\"noise\"", StringComparison.Ordinal);
        string path = Write("noworkload", Valid.Remove(start, end - start));
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains($"{path}: field 'workload' is missing", e.Message);
    }

    [Theory]
    [InlineData("unknown metric", "\"name\": \"probe.latency\"", "\"name\": \"run.queue\"", "metrics[0].name")]
    [InlineData("bad percentile", "\"p99.9\": 1.5", "\"p99.9.9\": 1.5", "metrics[0].rules.p99.9.9")]
    [InlineData("missing workload", "\"workload\": { \"type\": \"latency-probe\", \"cpu\": 1, \"period\": \"500us\", \"priority\": 10 },", "", "workload")]
    public void The_runner_exits_2_naming_file_and_field(string _, string from, string to, string field)
    {
        Assert.Contains(from, Valid);
        string path = Write("invalid", Valid.Replace(from, to));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run([path, "--baselines", _dir, "--out", Path.Combine(_dir, "out")], stdout, stderr);
        Assert.Equal(2, exit);
        string line = stderr.ToString().Trim();
        Assert.StartsWith($"run-bench: {path}: field '{field}'", line);
        Assert.DoesNotContain("\n", line); // one line, no stack trace
    }

    [Fact]
    public void Not_json_is_reported_with_its_line()
    {
        string path = Write("broken", "{\n  \"duration\": \"10s\",\n  oops\n}");
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains($"{path}: not valid JSON at line 3", e.Message);
    }

    [Fact]
    public void Every_shipped_scenario_is_valid()
    {
        string dir = Path.Combine(Program.RepositoryRoot(), "perf-lab", "scenarios");
        var files = Directory.GetFiles(dir, "*.json");
        Assert.NotEmpty(files);
        foreach (var f in files) ScenarioFile.Load(f);
    }

    [Theory]
    [InlineData("p50", 50.0)]
    [InlineData("p99.99", 99.99)]
    [InlineData("max", 100.0)]
    public void Percentiles_parse(string text, double value)
    {
        Assert.True(Percentile.TryParse(text, out var p));
        Assert.Equal(value, p.Value);
        Assert.Equal(text, p.ToString());
    }

    [Theory]
    [InlineData("p0")]
    [InlineData("p100")]
    [InlineData("P99")]
    [InlineData("p-1")]
    [InlineData("99")]
    [InlineData("min")]
    public void Bad_percentiles_do_not_parse(string text) => Assert.False(Percentile.TryParse(text, out _));

    [Theory]
    [InlineData("cpu1", "cpu1", true)]
    [InlineData("cpu1", "cpu10", false)]
    [InlineData("cpu*/NET_RX", "cpu0/NET_RX", true)]
    [InlineData("cpu*/NET_RX", "cpu1/NET_TX", false)]
    [InlineData("*", "tmnpl0a/tx0", true)]
    public void Keys_match_with_a_wildcard(string pattern, string key, bool matches) =>
        Assert.Equal(matches, SeriesSelector.KeyMatches(pattern, key));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
