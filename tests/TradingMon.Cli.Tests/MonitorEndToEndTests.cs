using System.Text.Json;
using TradingMon.Workloads;
using Xunit;

namespace TradingMon.Cli.Tests;

/// <summary>
/// The product end to end against ground truth (DESIGN.md): a SCHED_FIFO hog holds CPU 1 for D = 3 ms
/// after a victim on CPU 1 is woken. `tradingmon monitor` with the rule "run-queue latency > 1 ms on
/// CPU 1" must alert over Aeron (received by `tradingmon alerts tail --json --count 20 --match HOG`, run as a
/// user would) naming CPU 1, the hog as culprit
/// and a value within 10 % of D; its JSON summary must show sched.runq cpu1 max within 10 % of D.
/// </summary>
public sealed class MonitorEndToEndTests
{
    private const int Port = 40311;
    private static readonly TimeSpan D = TimeSpan.FromMilliseconds(3);
    /// <summary>Of the 100 controlled waits' alerts, enough that the victim's are among them (see below).</summary>
    private const int HogAlerts = 20;

    internal const string RunqRuleCpu1 = """
        { "rules": [ { "id": "runq-cpu1-1ms", "metric": "sched.runq", "select": { "cpus": [1] },
                       "statistic": "value", "threshold": "1ms", "max_alerts_per_second": 1000, "severity": "critical" } ] }
        """;

    [Fact]
    public void Hog_on_cpu1_raises_an_aeron_alert_and_shows_in_the_summary()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.json", RunqRuleCpu1);
        string summary = dir.File("s.json");
        string channel = $"aeron:udp?endpoint=127.0.0.1:{Port}";

        // As a user would: the tail exits after the first HogAlerts alerts naming the hog. On a shared machine
        // other tasks also wait > 1 ms on CPU 1 (real alerts, too); --match keeps those out of the count.
        var hog = new RunqGroundTruth { Cpu = 1, ControllerCpu = 0 };
        using var tail = Tradingmon.Start(["alerts", "tail", "--channel", channel, "--stream", "1001", "--json", "--count", $"{HogAlerts}",
                                           "--match", $"^{hog.HogName}$", "--timeout", "60s"]);
        using var monitor = Tradingmon.Start(["monitor", "--duration", "10s", "--no-tui", "--json-summary", summary, "--rules", rules,
                                              "--alerts", channel, "--alert-stream", "1001", "--report", "0s"]);
        Assert.True(monitor.WaitForOutput("tradingmon monitor: watching", TimeSpan.FromSeconds(30)), $"monitor did not start:\n{monitor.Stdout}\n{monitor.Stderr}");
        Thread.Sleep(500); // the publication connects to the tail (SETUP -> SM) before the first alert

        var truth = hog.Run(D, waits: 100);

        Assert.True(tail.WaitForExit(TimeSpan.FromSeconds(60)) == 0, $"alerts tail did not get {HogAlerts} alerts naming {hog.HogName}:\n{tail.Stdout}\n{tail.Stderr}\nmonitor:\n{monitor.Stdout}\n{monitor.Stderr}");
        var alerts = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(HogAlerts, alerts.Length);
        foreach (var a in alerts)
        {
            Assert.Equal(1, a.GetProperty("cpu").GetInt32()); // the rule selects CPU 1 only
            Assert.Equal("cpu1", a.GetProperty("keyName").GetString());
            Assert.Equal("sched.runq", a.GetProperty("metric").GetString());
            Assert.Equal(truth.HogTid, a.GetProperty("culpritPid").GetInt32());
            Assert.Equal(truth.HogComm, a.GetProperty("culpritComm").GetString());
        }
        // Tasks woken on CPU 1 before or during the hog's spin wait behind it too, and may run before the
        // victim (measured: the first hog alert was the victim's in 3 of 6 runs on a busy host); the
        // victim's wait is the one near D.
        Assert.True(alerts.Any(a => Within10Percent(a.GetProperty("observedNs").GetInt64())),
            $"no alert naming the hog had a value within 10 % of {D.TotalMilliseconds} ms:\n{tail.Stdout}");

        Assert.True(monitor.WaitForExit(TimeSpan.FromSeconds(40)) == 0, $"monitor failed:\n{monitor.Stdout}\n{monitor.Stderr}");
        using var s = JsonDocument.Parse(File.ReadAllText(summary));
        var cpu1 = s.RootElement.GetProperty("series").EnumerateArray()
            .Single(e => e.GetProperty("metric").GetString() == "sched.runq" && e.GetProperty("key").GetString() == "cpu1");
        // On a quiet machine max_ns is the victim's wait, D + a few µs. Other tasks may wait longer on a
        // shared CI host (real waits, not errors), and so may tasks queued behind the hog, so the bound is
        // one-sided unless the worst wait's culprit is the hog and every hog alert the tail got was the victim's.
        long max = cpu1.GetProperty("max_ns").GetInt64();
        bool quiet = alerts.All(a => Within10Percent(a.GetProperty("observedNs").GetInt64())) && s.RootElement.GetProperty("culprits").EnumerateArray()
            .Single(e => e.GetProperty("metric").GetString() == "sched.runq" && e.GetProperty("key").GetString() == "cpu1")
            .GetProperty("worst").GetProperty("pid").GetInt32() == truth.HogTid;
        if (quiet) AssertWithin10Percent(max, "summary sched.runq cpu1 max_ns");
        else Assert.True(max >= D.Ticks * 90, $"summary sched.runq cpu1 max_ns = {max}, below 0.9 D");
        Assert.True(s.RootElement.GetProperty("alerts_sent").GetInt64() >= 1);
        foreach (var field in new[] { "kernel", "ring", "aeron" })
            Assert.True(s.RootElement.GetProperty("drops").TryGetProperty(field, out _), $"drops.{field} missing");
    }

    private static bool Within10Percent(long ns) => Math.Abs(ns - D.Ticks * 100) <= D.Ticks * 10;

    private static void AssertWithin10Percent(long ns, string what) =>
        Assert.True(Within10Percent(ns), $"{what} = {ns} ns, expected {D.Ticks * 100} ns ± 10 %");
}
