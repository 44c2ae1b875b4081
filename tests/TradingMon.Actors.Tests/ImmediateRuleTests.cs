using Akka.TestKit.Xunit2;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>Per-event rules on the ring consumer: threshold, selector, cooldown, storm control, summaries.</summary>
public sealed class ImmediateRuleTests : TestKit
{
    private const long Ms = 1_000_000, S = 1_000_000_000;
    private readonly ManualClock _clock = new();
    private readonly CollectingAlertSink _sink = new();

    private MonitorActors Start(string rule)
    {
        var options = Fixture.Options(_clock);
        return MonitorActors.Start(Sys, Fixture.Rules(rule, options), _sink, options);
    }

    [Fact]
    public void Event_over_threshold_on_a_selected_cpu_alerts_with_every_field()
    {
        var actors = Start("""{ "id": "runq-iso", "metric": "sched.runq", "select": { "cpus": "isolated" }, "threshold": "50us", "severity": "critical" }""");
        long ts = _clock.NowNs;
        actors.Feed(
            Events.Runq(2, 40_000, ts),                     // under threshold
            Events.Runq(1, 90_000, ts + 1),                 // CPU 1 is not isolated
            Events.Runq(2, 50_000, ts + 2),                 // equal is not over
            Events.Runq(3, 75_000, ts + 3, pid: 7, comm: "trader", culpritPid: 9, culpritComm: "kworker/3:1"));

        var a = Assert.Single(_sink.Alerts);
        Assert.Equal(1, a.Sequence);
        Assert.Equal("runq-iso", a.RuleId);
        Assert.Equal(AlertSeverity.Critical, a.Severity);
        Assert.Equal(Metric.RunqLatency, a.Metric);
        Assert.Equal("cpu3", a.KeyName);
        Assert.Equal(3, a.Cpu);
        Assert.Equal(75_000, a.ObservedNs);
        Assert.Equal(50_000, a.ThresholdNs);
        Assert.Equal(ts + 3, a.KernelTimestampNs);
        Assert.Equal(_clock.NowNs, a.DetectionTimestampNs);
        Assert.Equal(9, a.CulpritPid);
        Assert.Equal("kworker/3:1", a.CulpritComm.ToString());
        Assert.Equal("test-host", a.Host);
        Assert.Equal(0, a.SuppressedCount);
    }

    [Fact]
    public async Task Every_alert_also_gets_a_log_line()
    {
        var actors = Start("""{ "id": "runq-log", "metric": "sched.runq", "threshold": "1us" }""");
        await EventFilter.Info(contains: "ALERT seq=1 rule=runq-log severity=Warning metric=sched.runq key=cpu0 observed_ns=5000 threshold_ns=1000 culprit=200/hog")
            .ExpectOneAsync(TimeSpan.FromSeconds(10), () =>
            {
                actors.Feed(Events.Runq(0, 5_000, _clock.NowNs));
                return Task.CompletedTask;
            });
    }

    [Fact]
    public void Storm_control_caps_alerts_per_second_and_the_next_alert_carries_the_suppressed()
    {
        var actors = Start("""{ "id": "irq", "metric": "irq.duration", "select": { "irqs": "virtio*" }, "threshold": "10us", "max_alerts_per_second": 3 }""");
        long t0 = _clock.NowNs;
        // 10 breaches within 10 ms: 3 alerts, 7 suppressed (worst 80 us).
        actors.Feed(Enumerable.Range(0, 10).Select(i => Events.HardIrq(0, 28, "virtio0-input.0", i == 5 ? 80_000 : 20_000, t0 + i * Ms)).ToArray());
        Assert.Equal(3, _sink.Alerts.Count);
        // Next second: the first alert carries the 7 suppressed and their worst value.
        actors.Feed(Events.HardIrq(0, 28, "virtio0-input.0", 15_000, t0 + 1 * S + 1));
        Assert.Equal(4, _sink.Alerts.Count);
        var carrier = _sink.Alerts[3];
        Assert.Equal(7, carrier.SuppressedCount);
        Assert.Equal(80_000, carrier.SuppressedWorstNs);
        Assert.Equal(15_000, carrier.ObservedNs);
        Assert.Equal("cpu0/virtio0-input.0", carrier.KeyName);
        Assert.Equal([1L, 2, 3, 4], _sink.Alerts.Select(a => a.Sequence));
    }

    [Fact]
    public async Task Suppressed_alerts_are_summarised_on_a_tick_when_no_breach_follows()
    {
        var actors = Start("""{ "id": "runq", "metric": "sched.runq", "threshold": "1ms", "max_alerts_per_second": 1 }""");
        long t0 = _clock.NowNs;
        actors.Feed(Events.Runq(0, 2 * Ms, t0), Events.Runq(0, 9 * Ms, t0 + 1), Events.Runq(0, 3 * Ms, t0 + 2));
        Assert.Single(_sink.Alerts);
        await actors.TickAsync(_clock); // one interval later: the storm window has passed
        Assert.Equal(2, _sink.Alerts.Count);
        var summary = _sink.Alerts[1];
        Assert.Equal(2, summary.SuppressedCount);
        Assert.Equal(9 * Ms, summary.SuppressedWorstNs);
        Assert.Equal(9 * Ms, summary.ObservedNs);
        Assert.Equal(t0 + 1, summary.KernelTimestampNs);
        await actors.TickAsync(_clock);
        Assert.Equal(2, _sink.Alerts.Count); // nothing left to summarise
    }

    [Fact]
    public void Cooldown_holds_back_alerts_of_the_same_key_only()
    {
        var actors = Start("""{ "id": "sirq", "metric": "softirq.duration", "select": { "vectors": ["NET_RX"] }, "threshold": "30us", "cooldown": "500ms", "max_alerts_per_second": 100 }""");
        long t0 = _clock.NowNs;
        actors.Feed(
            Events.Softirq(0, SoftirqVector.NET_RX, 40_000, 0, t0),
            Events.Softirq(0, SoftirqVector.NET_RX, 50_000, 0, t0 + 100 * Ms),  // cooldown
            Events.Softirq(1, SoftirqVector.NET_RX, 60_000, 0, t0 + 200 * Ms),  // other key: alerts
            Events.Softirq(0, SoftirqVector.TIMER, 90_000, 0, t0 + 250 * Ms),   // vector not selected
            Events.Softirq(0, SoftirqVector.NET_RX, 45_000, 0, t0 + 600 * Ms)); // cooldown over
        Assert.Equal(["cpu0/NET_RX", "cpu1/NET_RX", "cpu0/NET_RX"], _sink.Alerts.Select(a => a.KeyName));
        Assert.Equal(1, _sink.Alerts[2].SuppressedCount);
        Assert.Equal(50_000, _sink.Alerts[2].SuppressedWorstNs);
    }

    [Fact]
    public void Softirq_latency_and_tx_queue_metrics_have_their_own_rules()
    {
        var actors = Start("""
            { "id": "raise", "metric": "softirq.latency", "threshold": "100us" },
            { "id": "txq", "metric": "net.txq.latency", "select": { "queues": ["eth0/tx1"] }, "threshold": "1ms" }
            """);
        long t0 = _clock.NowNs;
        actors.Feed(
            Events.Softirq(1, SoftirqVector.NET_RX, 1_000, 150_000, t0),
            Events.NetTx("eth0", 2, 0, 5 * Ms, 1_000, t0 + 1),
            Events.NetTx("eth0", 2, 1, 5 * Ms, 1_000, t0 + 2));
        Assert.Equal([("raise", "cpu1/NET_RX", 150_000L), ("txq", "eth0/tx1", 5 * Ms)],
            _sink.Alerts.Select(a => (a.RuleId, a.KeyName, a.ObservedNs)));
        Assert.Equal(2, _sink.Alerts[1].KeyId1);
        Assert.Equal(1, _sink.Alerts[1].KeyId2);
        Assert.Equal(-1, _sink.Alerts[1].Cpu);
    }

    [Fact]
    public void Watched_task_rule_sees_only_the_matching_tasks()
    {
        var actors = Start("""{ "id": "trader", "metric": "sched.runq", "select": { "comm": "^trd-" }, "threshold": "20us" }""");
        long t0 = _clock.NowNs;
        actors.Feed(
            Events.Runq(0, 30_000, t0, pid: 10, comm: "bash"),
            Events.Runq(1, 30_000, t0 + 1, pid: 11, comm: "trd-md"),
            Events.Runq(1, 10_000, t0 + 2, pid: 11, comm: "trd-md"));
        var a = Assert.Single(_sink.Alerts);
        Assert.Equal("comm/^trd-", a.KeyName);
        Assert.Equal(30_000, a.ObservedNs);
    }
}
