using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;
using Xunit;

namespace TradingMon.PerfLab.Tests;

/// <summary>YAML scenarios: the same fields as JSON, the same validation, the same errors.</summary>
public class YamlScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("perflab-yaml-").FullName;

    private const string Json = """
        {
          "description": "probe alone",
          "duration": "10s",
          "quick_duration": "2s",
          "repeat": 5,
          "workload": { "type": "latency-probe", "cpu": 1, "period": "500us", "priority": 10 },
          "noise": [ { "type": "fifo-hog", "cpu": 1, "burst": "500us", "period": "5ms" } ],
          "metrics": [
            { "name": "probe.latency", "noise_floor": "50us", "rules": { "p99": 1.25, "p99.9": 1.5, "max": 2 } },
            { "name": "sched.runq", "key": "cpu1", "comm": "latency-probe", "min_samples": 200, "rules": { "p99": 1.5 } }
          ]
        }
        """;

    private const string Yaml = """
        # the same scenario as Json
        description: probe alone
        duration: 10s
        quick_duration: "2s"
        repeat: 5
        workload:
          type: latency-probe
          cpu: 1
          period: 500us
          priority: 10
        noise:
          - { type: fifo-hog, cpu: 1, burst: 500us, period: 5ms }
        metrics:
          - name: probe.latency
            noise_floor: 50us
            rules: { p99: 1.25, p99.9: 1.5, max: 2 }
          - name: sched.runq
            key: cpu1
            comm: latency-probe
            min_samples: 200
            rules:
              p99: 1.5
        """;

    private string Write(string file, string text)
    {
        string path = Path.Combine(_dir, file);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_yaml_scenario_reads_as_its_json_twin()
    {
        var fromJson = ScenarioFile.Load(Write("twin.json", Json));
        var fromYaml = ScenarioFile.Load(Write("twin.yaml", Yaml));
        Assert.Equal("twin", fromYaml.Name);
        Assert.Equal(fromJson.DurationNs, fromYaml.DurationNs);
        Assert.Equal(fromJson.QuickDurationNs, fromYaml.QuickDurationNs);
        Assert.Equal(fromJson.Repeat, fromYaml.Repeat);
        Assert.Equal(fromJson.Workload, fromYaml.Workload);
        Assert.Equal(fromJson.Noise, fromYaml.Noise);
        Assert.Equal(fromJson.Metrics.Count, fromYaml.Metrics.Count);
        for (int i = 0; i < fromJson.Metrics.Count; i++)
        {
            Assert.Equal(fromJson.Metrics[i] with { Rules = [] }, fromYaml.Metrics[i] with { Rules = [] });
            Assert.Equal(fromJson.Metrics[i].Rules, fromYaml.Metrics[i].Rules);
        }
    }

    [Fact]
    public void An_invalid_yaml_field_is_named_like_a_json_one()
    {
        string path = Write("bad.yml", Yaml.Replace("cpu: 1\n  period", "cpu: 64\n  period"));
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains($"{path}: field 'workload.cpu'", e.Message);
    }

    [Fact]
    public void A_quoted_number_stays_a_string_and_is_refused_where_a_number_belongs()
    {
        string path = Write("quoted.yaml", Yaml.Replace("repeat: 5", "repeat: \"5\""));
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains("field 'repeat' must be a whole number", e.Message);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        string path = Write("broken.yaml", "duration: 10s\nworkload: { type: latency-probe\nmetrics: []\n");
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.StartsWith($"{path}: not valid YAML", e.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_names_its_line()
    {
        string path = Write("tab.yaml", "duration: 10s\nworkload:\n  type: latency-probe\n   cpu: 1\n");
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.StartsWith($"{path}: not valid YAML at line 4", e.Message);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        string path = Write("twice.yaml", "duration: 10s\nduration: 20s\n");
        var e = Assert.Throws<TradingMonException>(() => ScenarioFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("duration", e.Message);
    }

    [Fact]
    public void The_runner_finds_a_yaml_scenario_by_name_and_refuses_a_name_defined_twice()
    {
        string scenarios = Directory.CreateDirectory(Path.Combine(_dir, "scenarios")).FullName;
        File.WriteAllText(Path.Combine(scenarios, "probe.yaml"), Yaml);
        var options = BenchOptions.Parse(["probe"], Program.RepositoryRoot()) with { ScenariosDir = scenarios };
        Assert.Equal([Path.Combine(scenarios, "probe.yaml")], options.ScenarioFiles());

        File.WriteAllText(Path.Combine(scenarios, "probe.json"), Json);
        var e = Assert.Throws<TradingMonException>(() => options.ScenarioFiles());
        Assert.Contains("scenario 'probe' is defined twice (probe.json, probe.yaml)", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
