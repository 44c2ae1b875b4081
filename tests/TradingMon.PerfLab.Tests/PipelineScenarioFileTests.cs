using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;
using Xunit;

namespace TradingMon.PerfLab.Tests;

/// <summary>The pipeline workloads' part of the scenario format: what they take, and what they refuse.</summary>
public class PipelineScenarioFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perflab-pipeline-").FullName;

    private const string AlertLatency = """
        {
          "duration": "10s",
          "workload": { "type": "alert-latency", "cpu": 1, "hold": "3ms", "threshold": "1ms" },
          "metrics": [ { "name": "pipeline.alert_latency", "key": "kernel-to-subscriber", "rules": { "p99": 1.5 } } ]
        }
        """;

    private const string Overhead = """
        {
          "duration": "10s",
          "workload": { "type": "monitor-overhead", "cpu": 1, "loops": 20000, "compare": ["bpftrace"] },
          "metrics": [ { "name": "pipeline.overhead", "key": "tradingmon", "min_samples": 3, "rules": { "p50": 1.5 } } ]
        }
        """;

    private const string Ingest = """
        {
          "duration": "10s",
          "workload": { "type": "ingest-ceiling", "cpu": 0, "max_pairs": 4, "ring": "1mb" },
          "metrics": [ { "name": "pipeline.ingest", "key": "cpu-ns-per-event", "min_samples": 8, "rules": { "p50": 1.25 } } ]
        }
        """;

    private string Write(string json)
    {
        string path = Path.Combine(_dir, $"s{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Each_pipeline_workload_reads_with_its_options()
    {
        Assert.Equal(new AlertLatencySpec(3_000_000, 1_000_000), ScenarioFile.Load(Write(AlertLatency)).Workload.Pipeline);
        var overhead = (MonitorOverheadSpec)ScenarioFile.Load(Write(Overhead)).Workload.Pipeline!;
        Assert.Equal(20_000, overhead.Loops);
        Assert.Equal(["bpftrace"], overhead.Compare);
        Assert.Equal(new IngestCeilingSpec(4, 1 << 20), ScenarioFile.Load(Write(Ingest)).Workload.Pipeline);
    }

    [Fact]
    public void Defaults_compare_with_both_tools()
    {
        var s = ScenarioFile.Load(Write(Overhead.Replace(", \"compare\": [\"bpftrace\"]", "")));
        Assert.Equal(PipelineMetrics.ComparedTools, ((MonitorOverheadSpec)s.Workload.Pipeline!).Compare);
    }

    [Theory]
    [InlineData("alert", "\"threshold\": \"1ms\"", "\"threshold\": \"5ms\"", "workload.threshold", "below workload.hold")]
    [InlineData("alert", "\"key\": \"kernel-to-subscriber\"", "\"key\": \"kernel\"", "metrics[0].key", "must be one of pipeline.alert_latency's keys")]
    [InlineData("alert", "\"name\": \"pipeline.alert_latency\", \"key\": \"kernel-to-subscriber\"", "\"name\": \"pipeline.overhead\", \"key\": \"tradingmon\"", "metrics[0].name", "records only pipeline.alert_latency")]
    [InlineData("alert", "\"metrics\"", "\"noise\": [ { \"type\": \"fifo-hog\", \"cpu\": 1, \"burst\": \"1ms\", \"period\": \"5ms\" } ], \"metrics\"", "noise", "not allowed with the 'alert-latency' workload")]
    [InlineData("overhead", "[\"bpftrace\"]", "[\"perf-trace\"]", "workload.compare", "not a tool the runner knows")]
    [InlineData("overhead", "\"loops\": 20000", "\"loops\": 10", "workload.loops", "1000..")]
    [InlineData("ingest", "\"ring\": \"1mb\"", "\"ring\": \"3mb\"", "workload.ring", "power of two")]
    [InlineData("ingest", "\"max_pairs\": 4", "\"max_pairs\": 4, \"period\": \"1ms\"", "workload.period", "not a known field")]
    public void An_invalid_pipeline_field_is_named(string which, string from, string to, string field, string problem)
    {
        string json = which switch { "alert" => AlertLatency, "overhead" => Overhead, _ => Ingest };
        Assert.Contains(from, json);
        string path = Write(json.Replace(from, to));
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains($"field '{field}'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_pipeline_metric_needs_its_workload()
    {
        string path = Write("""
            {
              "duration": "10s",
              "workload": { "type": "latency-probe", "cpu": 1 },
              "metrics": [ { "name": "pipeline.ingest", "key": "cpu-ns-per-event", "rules": { "p50": 1.25 } } ]
            }
            """);
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains("field 'metrics[0].name' pipeline.ingest is recorded by the 'ingest-ceiling' workload", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
