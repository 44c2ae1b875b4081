using TradingMon.Actors.Rules;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>Rule files: the default one loads; every invalid rule is rejected naming file, rule and field.</summary>
public sealed class RuleFileTests
{
    private static readonly MonitorOptions Options = new();

    [Fact]
    public void Default_rule_file_loads_on_a_machine_with_and_without_isolated_cpus()
    {
        string path = Path.Combine(RepoRoot(), "configs", "rules.json");
        var isolated = RuleFile.Load(path, Fixture.Inventory, Options);
        Assert.Equal(["runq-isolated", "irq-isolated", "softirq-isolated-p999"], isolated.Rules.Select(r => r.Id));
        Assert.Equal([2, 3], isolated.Rules[0].Selector.Cpus!.Order());
        Assert.Equal(50_000, isolated.Rules[0].Threshold);
        Assert.True(isolated.Rules[0].IsImmediate);
        Assert.Equal(3, isolated.Skipped.Count);

        var none = RuleFile.Load(path, Fixture.Inventory with { IsolatedCpus = [] }, Options);
        Assert.Equal(["runq-any", "irq-any", "softirq-any-p999"], none.Rules.Select(r => r.Id));
        var p999 = none.Rules[2];
        Assert.Equal(Statistic.Percentile, p999.Statistic);
        Assert.Equal(99.9, p999.Percentile);
        Assert.Equal(TimeSpan.FromSeconds(10), p999.Window);
        Assert.Equal(TimeSpan.FromSeconds(10), p999.Sustain);
        Assert.Equal(TimeSpan.FromSeconds(60), p999.Cooldown);

        // And on this machine, whatever it has.
        RuleFile.Load(path, SystemInventory.Read(), Options);
    }

    [Theory]
    [InlineData("""{ "id": "r1", "metric": "sched.runqq", "threshold": "5us" }""", "metric", "unknown metric 'sched.runqq'")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5 parsecs" }""", "threshold", "not a duration with a unit")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": 5000 }""", "threshold", "has no unit")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "p100.5", "threshold": "5us" }""", "statistic", "outside 0-100")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "p-1", "threshold": "5us" }""", "statistic", "outside 0-100")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "max", "threshold": "5us", "window": "-10s" }""", "window", "negative")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "max", "threshold": "5us", "window": "1500ms" }""", "window", "not a positive multiple")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "max", "threshold": "5us", "for": "-1s" }""", "for", "negative")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "for": "1s" }""", "for", "cannot be sustained")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "select": { "cpus": [7] } }""", "select.cpus", "CPU 7 does not exist")]
    [InlineData("""{ "id": "r1", "metric": "irq.duration", "threshold": "5us", "select": { "irqs": ["nvme*"] } }""", "select.irqs", "'nvme*' matches no IRQ")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "select": { "irqs": ["eth0"] } }""", "select.irqs", "does not apply to metric sched.runq")]
    [InlineData("""{ "id": "r1", "metric": "softirq.duration", "threshold": "5us", "select": { "vectors": ["NET_RXX"] } }""", "select.vectors", "not a softirq vector")]
    [InlineData("""{ "id": "r1", "metric": "net.txq.latency", "threshold": "5us", "select": { "queues": ["eth9/tx0"] } }""", "select.queues", "device 'eth9' does not exist")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "select": { "comm": "([" } }""", "select.comm", "not a valid regex")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "select": { "cgroup": "no/such/cgroup-xyz" } }""", "select.cgroup", "does not exist")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "severity": "panic" }""", "severity", "unknown severity")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "max_alerts_per_second": 0 }""", "max_alerts_per_second", "not a whole number >= 1")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "threshold": "5us", "treshold": "6us" }""", "treshold", "unknown field")]
    [InlineData("""{ "id": "r1", "metric": "sched.runq", "statistic": "count", "threshold": "many" }""", "threshold", "not a whole number")]
    public void Invalid_rule_is_rejected_naming_file_rule_and_field(string rule, string field, string problem)
    {
        var e = Assert.Throws<TradingMonException>(() => Fixture.Rules(rule, Options));
        Assert.StartsWith("test-rules.json: rule 'r1', field '" + field + "': ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Isolated_selector_on_a_machine_without_isolated_cpus_is_rejected_unless_the_rule_requires_them()
    {
        var none = Fixture.Inventory with { IsolatedCpus = [] };
        const string rule = """{ "id": "iso", "metric": "sched.runq", "select": { "cpus": "isolated" }, "threshold": "5us" }""";
        var e = Assert.Throws<TradingMonException>(() => RuleFile.Parse($"{{\"rules\":[{rule}]}}", "f.json", none, Options));
        Assert.Contains("field 'select.cpus': \"isolated\" matches nothing", e.Message);

        const string guarded = """{ "id": "iso", "metric": "sched.runq", "select": { "cpus": "isolated" }, "threshold": "5us", "requires": "isolated-cpus" }""";
        var set = RuleFile.Parse($"{{\"rules\":[{guarded}]}}", "f.json", none, Options);
        Assert.Empty(set.Rules);
        Assert.Contains("requires isolated-cpus", Assert.Single(set.Skipped));
    }

    [Fact]
    public void Missing_file_and_bad_json_name_the_file()
    {
        Assert.Contains("/no/such/rules.json does not exist", Assert.Throws<TradingMonException>(() => RuleFile.Load("/no/such/rules.json", Fixture.Inventory, Options)).Message);
        Assert.StartsWith("bad.json: not valid JSON", Assert.Throws<TradingMonException>(() => RuleFile.Parse("{ \"rules\": [ ", "bad.json", Fixture.Inventory, Options)).Message);
    }

    [Theory]
    [InlineData("50us", 50_000L)]
    [InlineData("1.5ms", 1_500_000L)]
    [InlineData("10s", 10_000_000_000L)]
    [InlineData("250ns", 250L)]
    [InlineData("2m", 120_000_000_000L)]
    public void Units_convert_to_nanoseconds(string text, long ns) => Assert.Equal(ns, Units.TryParseNs(text, out _));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TradingMon.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TradingMon.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed class MonitorOptionsTests
{
    [Fact]
    public void Windows_must_be_multiples_of_the_interval()
    {
        var e = Assert.Throws<TradingMonException>(() => new MonitorOptions { ReportWindows = [TimeSpan.FromMilliseconds(2500)] }.Validate());
        Assert.Contains("report window 2.5 s is not a positive multiple of the 1 s interval", e.Message);
        new MonitorOptions().Validate();
    }
}
