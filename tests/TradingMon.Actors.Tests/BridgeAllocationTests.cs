using Akka.TestKit.Xunit2;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>
/// The hot path allocates nothing per event in steady state: key lookup, histogram recording,
/// culprit bookkeeping, watched-task matching, immediate rules firing and storm control included.
/// (Speed is measured by the benchmark, not here.)
/// </summary>
public sealed class BridgeAllocationTests : TestKit
{
    [Fact]
    public void Steady_state_recording_and_alerting_allocates_nothing()
    {
        var clock = new ManualClock();
        var options = Fixture.Options(clock);
        var rules = Fixture.Rules("""
            { "id": "runq", "metric": "sched.runq", "threshold": "50us", "max_alerts_per_second": 5 },
            { "id": "irq", "metric": "irq.duration", "threshold": "20us", "max_alerts_per_second": 5 },
            { "id": "task", "metric": "sched.runq", "select": { "comm": "^trd" }, "threshold": "10us" }
            """, options);
        var sink = new CountingAlertSink();
        var actors = MonitorActors.Start(Sys, rules, sink, options);
        var events = Mixed(4096, clock.NowNs);

        for (int round = 0; round < 20; round++) Feed(actors, events, round); // create keys, JIT, fill culprit tables
        long alertsBefore = sink.Count;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 20; round < 120; round++) Feed(actors, events, round);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sink.Count > alertsBefore, "the measured stretch should raise alerts too");
        Assert.Equal(0, allocated);
    }

    private static void Feed(MonitorActors actors, KernelEvent[] events, int round)
    {
        long shift = round * 1_000_000_000L; // each round one second later: storm windows reopen
        for (int i = 0; i < events.Length; i++)
        {
            var e = events[i];
            e.TsNs += (ulong)shift;
            actors.Handler.OnEvent(ref e, i, i == events.Length - 1);
        }
    }

    /// <summary>A runq event whose comm changes at random for the same tid, so the comm-match cache also misses (which must not allocate).</summary>
    private static KernelEvent Runq(Random r, int i, long t0)
    {
        int pid = 100 + r.Next(50);
        return Events.Runq(r.Next(2), r.NextInt64(1_000, 60_000), t0 + i, pid: pid, comm: r.Next(3) == 0 ? "trd-md" : "bash", culpritPid: r.Next(300));
    }

    private static KernelEvent[] Mixed(int n, long t0)
    {
        var r = new Random(3);
        return Enumerable.Range(0, n).Select(i => (i % 5) switch
        {
            0 => Runq(r, i, t0),
            1 => Events.HardIrq(r.Next(2), 28 + r.Next(3), "virtio0-input.0", r.NextInt64(1_000, 25_000), t0 + i),
            2 => Events.Vector(r.Next(2), (IrqVector)(1 + r.Next(5)), r.NextInt64(500, 5_000), t0 + i),
            3 => Events.Softirq(r.Next(2), (SoftirqVector)r.Next(10), r.NextInt64(500, 50_000), r.NextInt64(100, 9_000), t0 + i),
            _ => Events.NetTx("eth0", 2, r.Next(4), r.NextInt64(1_000, 900_000), r.NextInt64(100, 5_000), t0 + i),
        }).ToArray();
    }
}
