using Akka.Actor;
using Akka.TestKit.Xunit2;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>An aggregator that throws is restarted with everything it had recorded, and the restart is counted.</summary>
public sealed class SupervisionTests : TestKit
{
    [Fact]
    public async Task Aggregator_fault_mid_stream_loses_nothing_and_is_counted()
    {
        var clock = new ManualClock();
        var options = Fixture.Options(clock);
        var rules = Fixture.Rules("""{ "id": "max", "metric": "sched.runq", "statistic": "max", "threshold": "1ms", "window": "3s", "for": "2s" }""", options);
        var sink = new CollectingAlertSink();
        var actors = MonitorActors.Start(Sys, rules, sink, options);

        var before = Enumerable.Range(0, 5000).Select(i => Events.Runq(1, 1_000 + i, clock.NowNs + i)).ToArray();
        actors.Feed(before);
        actors.Feed(Events.Runq(0, 500, clock.NowNs)); // a sibling that must not be disturbed
        var first = await actors.TickAsync(clock);
        Assert.Equal(5000, first.Key("sched.runq", "cpu1").Summary.Count);
        Assert.Equal(0, first.AggregatorRestarts);

        actors.Feed(Events.Runq(1, 2_000_000, clock.NowNs)); // breach starts; the sustain clock must survive the restart
        await actors.TickAsync(clock);

        // Events recorded while the aggregator is being restarted are not lost either.
        await EventFilter.Exception<InjectedFaultException>().ExpectOneAsync(async () =>
        {
            actors.Root.Tell(new InjectFault(Metric.RunqLatency, "cpu1"));
            actors.Feed(Enumerable.Range(0, 3000).Select(i => Events.Runq(1, 9_000 + i, clock.NowNs + i)).ToArray());
            await Task.CompletedTask;
        });

        var after = await actors.TickAsync(clock);
        var cpu1 = after.Key("sched.runq", "cpu1").Summary;
        Assert.Equal(5000 + 1 + 3000, cpu1.Count);
        Assert.Equal(1, after.AggregatorRestarts);
        Assert.Equal(1, actors.Restarts);
        Assert.Equal(1, after.Key("sched.runq", "cpu0").Summary.Count);
        var intervals = await actors.Root.Ask<IntervalSet>(GetIntervals.Instance);
        Assert.Equal(3, intervals.Keys.Single(k => k.Key == "cpu1").Intervals.Count);
        Assert.Equal(8001, intervals.Keys.Single(k => k.Key == "cpu1").Intervals.Sum(i => i.TotalCount));

        // The windowed rule's sustain clock (started before the fault) carried over: 2 s of breach fires now.
        Assert.Empty(sink.Alerts);
        await actors.TickAsync(clock);
        Assert.Equal("max", Assert.Single(sink.Alerts).RuleId);
    }
}
