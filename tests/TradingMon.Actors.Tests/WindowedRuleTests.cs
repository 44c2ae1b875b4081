using Akka.TestKit.Xunit2;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>
/// Windowed rules, evaluated by the aggregators on interval ticks, with a virtual clock: every
/// statistic, sustain ("for"), cooldown and storm control.
/// </summary>
public sealed class WindowedRuleTests : TestKit
{
    private const long Us = 1_000;
    private readonly ManualClock _clock = new();
    private readonly CollectingAlertSink _sink = new();

    private MonitorActors Start(string rule)
    {
        var options = Fixture.Options(_clock);
        return MonitorActors.Start(Sys, Fixture.Rules(rule, options), _sink, options);
    }

    /// <summary>One interval of 1000 runq events on cpu0: 990 of 10 us and 10 of <paramref name="tailUs"/>.</summary>
    private async Task Interval(MonitorActors actors, long tailUs, int events = 1000)
    {
        long t = _clock.NowNs;
        actors.Feed(Enumerable.Range(0, events).Select(i => Events.Runq(0, i % 100 == 99 ? tailUs * Us : 10 * Us, t + i)).ToArray());
        await actors.TickAsync(_clock);
    }

    [Theory]
    [InlineData("max", "400us", 500, 300)]   // max 500 us > 400; 300 us is not
    [InlineData("p99.9", "400us", 500, 300)] // 1 % of events are the tail, so p99.9 is the tail value
    [InlineData("p50", "5us", 10, 10)]       // p50 = 10 us > 5 us in both
    [InlineData("mean", "20us", 2000, 500)]  // mean 0.99·10 + 0.01·2000 = 29.9 us; with 500 us tail 14.9 us
    public async Task Latency_statistics_fire_on_the_tick_their_window_crosses(string statistic, string threshold, long breachTailUs, long quietTailUs)
    {
        var actors = Start($$"""{ "id": "r", "metric": "sched.runq", "statistic": "{{statistic}}", "threshold": "{{threshold}}", "window": "1s" }""");
        await Interval(actors, breachTailUs);
        var a = Assert.Single(_sink.Alerts);
        Assert.Equal("r", a.RuleId);
        Assert.Equal("cpu0", a.KeyName);
        Assert.True(a.ObservedNs > a.ThresholdNs);
        Assert.Equal(_clock.NowNs, a.KernelTimestampNs); // the interval end
        await Interval(actors, quietTailUs);
        Assert.Equal(statistic == "p50" ? 2 : 1, _sink.Alerts.Count);
    }

    [Fact]
    public async Task Count_and_rate_statistics_count_events_in_the_window()
    {
        var actors = Start("""
            { "id": "count", "metric": "sched.runq", "statistic": "count", "threshold": 2500, "window": "3s" },
            { "id": "rate", "metric": "sched.runq", "statistic": "rate", "threshold": "1500/s", "window": "1s" }
            """);
        await Interval(actors, 10, events: 1000);
        await Interval(actors, 10, events: 1000);
        Assert.Empty(_sink.Alerts); // count 2000 ≤ 2500; rate 1000/s ≤ 1500/s
        await Interval(actors, 10, events: 2000);
        Assert.Equal([("count", 4000L), ("rate", 2000L)], _sink.Alerts.Select(a => (a.RuleId, a.ObservedNs)).OrderBy(x => x.RuleId));
    }

    [Fact]
    public async Task Sustain_requires_the_condition_on_consecutive_ticks_for_the_whole_period()
    {
        var actors = Start("""{ "id": "s", "metric": "sched.runq", "statistic": "max", "threshold": "100us", "window": "1s", "for": "3s", "max_alerts_per_second": 10 }""");
        await Interval(actors, 500); // breach starts (t=1)
        await Interval(actors, 500); // 1 s
        await Interval(actors, 50);  // condition broken: sustain clock resets
        await Interval(actors, 500); // breach starts again
        await Interval(actors, 500);
        await Interval(actors, 500);
        Assert.Empty(_sink.Alerts);
        await Interval(actors, 500); // held for 3 s
        Assert.Single(_sink.Alerts);
        await Interval(actors, 500); // still held: fires again (no cooldown)
        Assert.Equal(2, _sink.Alerts.Count);
    }

    [Fact]
    public async Task Cooldown_suppresses_and_the_next_alert_reports_what_was_held_back()
    {
        var actors = Start("""{ "id": "c", "metric": "sched.runq", "statistic": "max", "threshold": "100us", "cooldown": "3s" }""");
        await Interval(actors, 200); // fires
        await Interval(actors, 900); // suppressed (cooldown)
        await Interval(actors, 300); // suppressed
        Assert.Single(_sink.Alerts);
        await Interval(actors, 250); // 3 s after the first: fires with the summary
        Assert.Equal(2, _sink.Alerts.Count);
        var a = _sink.Alerts[1];
        Assert.Equal(2, a.SuppressedCount);
        Assert.InRange(a.SuppressedWorstNs, 900 * Us, 901 * Us);
        Assert.InRange(a.ObservedNs, 250 * Us, 251 * Us);
    }

    [Fact]
    public async Task Window_rule_uses_the_rolling_window_not_just_the_last_interval()
    {
        var actors = Start("""{ "id": "w", "metric": "irq.duration", "statistic": "count", "threshold": 5, "window": "3s" }""");
        for (int i = 0; i < 3; i++)
        {
            actors.Feed(Events.Vector(1, IrqVector.LocalTimer, 2 * Us, _clock.NowNs), Events.Vector(1, IrqVector.LocalTimer, 2 * Us, _clock.NowNs + 1));
            await actors.TickAsync(_clock);
        }
        var a = Assert.Single(_sink.Alerts); // 2 + 2 + 2 = 6 > 5 only once three intervals are in the window
        Assert.Equal("cpu1/local_timer", a.KeyName);
        Assert.Equal(6, a.ObservedNs);
        await actors.TickAsync(_clock); // an empty interval: window holds 4
        await actors.TickAsync(_clock);
        Assert.Single(_sink.Alerts);
    }
}
