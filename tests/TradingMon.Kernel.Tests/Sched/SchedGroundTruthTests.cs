using TradingMon.Core;
using TradingMon.Kernel.Probes;
using TradingMon.Workloads;
using TradingMon.Kernel.Tests.IrqNet;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.Sched;

/// <summary>
/// DESIGN.md's run-queue ground truth against the real kernel: a SCHED_FIFO hog holds CPU 1 for D
/// after a SCHED_OTHER victim on CPU 1 is woken. Each measured latency must lie within the bounds
/// user space took around the wake and the run, the hog must be the culprit, and the sum must equal
/// the kernel's own schedstat run_delay.
/// </summary>
public class SchedGroundTruthTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2000, 40)]
    [InlineData(200, 100)]
    public void Victim_latency_matches_the_hog_hold_time(int holdUs, int waits)
    {
        using var run = ProbeRun.Start(ProbeCatalog.Sched);
        var truth = new RunqGroundTruth { Cpu = 1, ControllerCpu = 0 }.Run(TimeSpan.FromMicroseconds(holdUs), waits);
        var events = run.Stop();

        var victim = events.Where(e => e.Kind == EventKind.Runq && e.Pid == (uint)truth.VictimTid).ToArray();
        long windowStart = truth.Waits[0].WakeStartNs, windowEnd = truth.Waits[^1].VictimRunNs;
        var inWindow = victim.Where(e => (long)e.TsNs >= windowStart && (long)e.TsNs <= windowEnd).ToArray();

        output.WriteLine($"all={events.Length} runq={events.Count(e => e.Kind == EventKind.Runq)} victim={victim.Length} inWindow={inWindow.Length} victimTid={truth.VictimTid} hogTid={truth.HogTid}");
        foreach (var e in victim.Take(6)) output.WriteLine($"  ev ts={e.TsNs} v={e.ValueNs} reason={e.Runq.Reason} cpu={e.Cpu} culprit={e.Runq.CulpritPid}/{e.Runq.CulpritComm}");
        foreach (var w in truth.Waits.Take(3)) output.WriteLine($"  wait {w}");
        int clean = 0, cleanHog = 0;
        foreach (var w in truth.Waits)
        {
            // The wait that ended between the hog blocking and the victim running.
            var matches = inWindow.Where(e => (long)e.TsNs >= w.WakeStartNs && (long)e.TsNs <= w.VictimRunNs).ToArray();
            Assert.True(matches.Length == 1, $"expected one wait ending in [{w.WakeStartNs}, {w.VictimRunNs}], found {matches.Length}: " +
                string.Join("; ", matches.Select(m => $"{m.TsNs} {m.ValueNs}ns {m.Runq.Reason}")));
            Assert.Equal(WaitReason.Wakeup, matches[0].Runq.Reason);
            var e = matches[0];
            long latency = (long)e.ValueNs;
            Assert.InRange(latency, w.LowerNs, w.UpperNs);
            Assert.Equal(1u, e.Cpu);
            // When the victim ran right after the hog blocked, nothing else ran in between: the hog
            // must be the culprit. (On a loaded machine another runnable task may slip in first.)
            if (w.VictimRunNs - w.HogEndNs < 50_000)
            {
                clean++;
                if (e.Runq.CulpritPid == (uint)truth.HogTid) cleanHog++;
            }
        }
        output.WriteLine($"clean waits {clean}/{truth.Waits.Count}, hog named culprit in {cleanHog}");
        Assert.True(clean >= truth.Waits.Count / 2, $"only {clean}/{truth.Waits.Count} waits ran the victim right after the hog: the machine is too busy for this test");
        Assert.Equal(clean, cleanHog);
        var hogEvent = inWindow.First(e => e.Runq.CulpritPid == (uint)truth.HogTid);
        Assert.Equal(truth.HogComm, hogEvent.Runq.CulpritComm.ToString());
        Assert.True(hogEvent.Runq.CulpritPrio < 100, "the SCHED_FIFO hog has a real-time prio");

        // Every run-queue wait of the victim in the window, against the kernel's own sum.
        long measuredSum = inWindow.Sum(e => (long)e.ValueNs);
        long tolerance = 5_000L * inWindow.Length;
        output.WriteLine($"D={holdUs}us waits={truth.Waits.Count} victim events={inWindow.Length} sum={measuredSum}ns schedstat={truth.RunDelayNs}ns diff={measuredSum - truth.RunDelayNs}ns");
        Assert.InRange(measuredSum, truth.RunDelayNs - tolerance, truth.RunDelayNs + tolerance);
    }

}
