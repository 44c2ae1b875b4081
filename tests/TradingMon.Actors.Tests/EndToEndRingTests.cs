using Akka.TestKit.Xunit2;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using TradingMon.Ring;
using TradingMon.Ring.Kernel;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>
/// In process, end to end: synthetic kernel events published into the real ring, consumed by a batch
/// event processor on its own thread running the actor bridge, into the aggregators; exactly the
/// expected alerts come out, and every event is counted.
/// </summary>
public sealed class EndToEndRingTests : TestKit
{
    private const long Us = 1_000, Ms = 1_000_000, S = 1_000_000_000;

    [Fact]
    public async Task Events_through_the_ring_produce_exactly_the_expected_alerts()
    {
        var clock = new ManualClock();
        var options = Fixture.Options(clock);
        var rules = Fixture.Rules("""
            { "id": "runq-iso", "metric": "sched.runq", "select": { "cpus": "isolated" }, "threshold": "50us", "max_alerts_per_second": 2, "severity": "critical" },
            { "id": "irq-virtio", "metric": "irq.duration", "select": { "irqs": ["virtio*"] }, "threshold": "20us" },
            { "id": "netrx-p99", "metric": "softirq.duration", "select": { "vectors": ["NET_RX"] }, "statistic": "p99", "threshold": "30us", "window": "2s", "for": "1s" }
            """, options);
        var sink = new CollectingAlertSink();
        var actors = MonitorActors.Start(Sys, rules, sink, options);

        var ring = KernelEventRing.Create(ProducerType.Single, size: 1024, waitStrategy: "yielding");
        var pipeline = new RingPipeline<KernelEvent>(ring);
        pipeline.Add(actors.EventHandler, new ProcessorOptions { Name = "actors-e2e" });
        pipeline.Start();
        var publisher = new KernelEventRingPublisher(ring);

        long t0 = clock.NowNs;
        var r = new Random(7);
        var script = new List<KernelEvent>();
        // Background: 50 000 quiet events on every source, none over any threshold.
        for (int i = 0; i < 50_000; i++)
        {
            script.Add((i % 4) switch
            {
                0 => Events.Runq(r.Next(4), r.NextInt64(1 * Us, 40 * Us), t0 + i),
                1 => Events.HardIrq(r.Next(2), 28, "virtio0-input.0", r.NextInt64(1 * Us, 15 * Us), t0 + i),
                2 => Events.Vector(r.Next(4), IrqVector.LocalTimer, r.NextInt64(1 * Us, 90 * Us), t0 + i),
                _ => Events.Softirq(0, SoftirqVector.TIMER, r.NextInt64(1 * Us, 90 * Us), 2 * Us, t0 + i),
            });
        }
        // The incidents.
        script.Add(Events.Runq(2, 60 * Us, t0 + 100 * Ms, culpritPid: 31, culpritComm: "ksoftirqd/2"));  // alert 1
        script.Add(Events.Runq(2, 70 * Us, t0 + 101 * Ms));                                              // alert 2
        script.Add(Events.Runq(2, 80 * Us, t0 + 102 * Ms));                                              // storm: suppressed
        script.Add(Events.Runq(3, 55 * Us, t0 + 103 * Ms));                                              // alert 3: other key
        script.Add(Events.Runq(1, 900 * Us, t0 + 104 * Ms));                                             // CPU 1 not isolated
        script.Add(Events.HardIrq(1, 28, "virtio0-input.0", 25 * Us, t0 + 105 * Ms, pid: 77, comm: "trader")); // alert 4
        script.Add(Events.Runq(2, 65 * Us, t0 + 1500 * Ms));                                             // alert 5, carries 1 suppressed
        for (int i = 0; i < 100; i++) script.Add(Events.Softirq(1, SoftirqVector.NET_RX, i < 98 ? 5 * Us : 40 * Us, 1 * Us, t0 + 1600 * Ms + i));

        foreach (var e in script)
        {
            while (!publisher.TryPublish(e)) Thread.Yield(); // a test producer may wait; the kernel reader never does
        }
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)), "ring did not drain");

        await actors.TickAsync(clock); // NET_RX p99 breach begins
        Assert.Equal(5, sink.Alerts.Count);
        var stats = await actors.TickAsync(clock); // held for 1 s: fires

        var alerts = sink.Alerts.Select(a => (a.Sequence, a.RuleId, a.KeyName, a.ObservedNs, a.SuppressedCount, a.SuppressedWorstNs)).ToArray();
        Assert.Equal(
        [
            (1L, "runq-iso", "cpu2", 60 * Us, 0, 0L),
            (2L, "runq-iso", "cpu2", 70 * Us, 0, 0L),
            (3L, "runq-iso", "cpu3", 55 * Us, 0, 0L),
            (4L, "irq-virtio", "cpu1/virtio0-input.0", 25 * Us, 0, 0L),
            (5L, "runq-iso", "cpu2", 65 * Us, 1, 80 * Us),
            (6L, "netrx-p99", "cpu1/NET_RX", 40 * Us + 31, 0, 0L), // p99 reported as the bucket's highest equivalent value
        ], alerts);
        Assert.Equal(31, sink.Alerts[0].CulpritPid);
        Assert.Equal("ksoftirqd/2", sink.Alerts[0].CulpritComm.ToString());
        Assert.Equal(77, sink.Alerts[3].CulpritPid);

        // Every event reached a histogram.
        Assert.Equal(script.Count, publisher.Published);
        Assert.Equal(script.Count, stats.Bridge.Events);
        Assert.Equal((0L, 0L, 0L), (stats.Bridge.IgnoredKinds, stats.Bridge.Invalid, stats.Bridge.KeyTableFull));
        long recorded = stats.Keys.Where(k => k.Metric != "softirq.latency").Sum(k => k.Summary.Count);
        Assert.Equal(script.Count, recorded);
        Assert.Equal(6, stats.AlertsPublished);
    }
}
