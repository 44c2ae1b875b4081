using TradingMon.Core;
using TradingMon.Kernel.Probes;
using TradingMon.Kernel.Tests.IrqNet;
using TradingMon.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.Sched;

/// <summary>
/// DESIGN.md's run-queue ground truth against the real kernel: a SCHED_FIFO hog holds CPU 1 for D
/// after a SCHED_OTHER victim on CPU 1 is woken. Each measured latency must lie within the bounds
/// user space took around the wake and the run, the culprit must be the hog whenever nothing else ran
/// on CPU 1 after it blocked (the machine is shared: otherwise it must be the task that did), and the
/// sum must equal the kernel's own schedstat run_delay.
/// </summary>
public class SchedGroundTruthTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2000, 40)]
    [InlineData(200, 100)]
    public void Victim_latency_lies_within_the_bounds_with_the_hog_as_culprit(int holdUs, int waits)
    {
        // This process is the workload: nothing excluded but the reader, pinned away from CPU 1.
        using var probes = KernelProbes.Load(new ProbeOptions { Sources = [ProbeCatalog.Sched] });
        var sink = new RecordingSink();
        RunqGroundTruthResult truth;
        ProbeCounters lostBefore;
        using (var reader = new RingReader<RecordingSink>(probes, sink, new ReaderOptions { Cpu = 0 }))
        {
            reader.Start();
            lostBefore = probes.Probes[0].CountersPerCpu()[1];
            truth = new RunqGroundTruth { Cpu = 1, ControllerCpu = 0 }.Run(TimeSpan.FromMicroseconds(holdUs), waits);
            probes.Detach(); // the final drain then sees every record
            reader.Stop();
            Assert.Equal(0, reader.Refused);
        }
        var total = probes.Probes[0].CountersTotal();
        Assert.Equal(0UL, total.Dropped);
        Assert.Equal((long)total.Streamed, sink.Snapshot().LongLength);
        var lostAfter = probes.Probes[0].CountersPerCpu()[1];

        var runq = sink.Snapshot().Where(e => e.Kind == EventKind.Runq).ToArray();
        long windowStart = truth.SchedstatFromNs, windowEnd = truth.SchedstatToNs; // the span the kernel's run_delay covers
        var victim = runq.Where(e => e.Pid == (uint)truth.VictimTid && (long)e.TsNs >= windowStart && (long)e.TsNs <= windowEnd).ToArray();
        int hogCulprit = 0, unseenCulprits = 0, hogInterrupted = 0;
        // A wait can have no record when the kernel does not report the switch that ended it: on
        // this 6.18 guest the sched_switch tracepoint (ftrace's own sched_switch event too) skips
        // some switches, mostly away from the idle task and the sandbox's process_api threads. The
        // probe cannot measure such a wait, but it must count it: every missing wait is one of the
        // CPU's lost waits (end_unseen), and its bounds enter the schedstat comparison below.
        var missed = new List<RunqWait>();
        foreach (var w in truth.Waits)
        {
            var matches = victim.Where(e => (long)e.TsNs >= w.WakeStartNs && (long)e.TsNs <= w.VictimRunNs).ToArray();
            // On a busy machine the victim may be preempted after its switch-in and before it
            // takes T_run: that second wait is a preemption; the controlled one is the wakeup.
            Assert.All(matches, m => Assert.True(m.Runq.Reason is WaitReason.Wakeup or WaitReason.Preempted, $"unexpected wait reason {m.Runq.Reason}"));
            var wakeups = matches.Where(m => m.Runq.Reason == WaitReason.Wakeup).ToArray();
            if (wakeups.Length == 0)
            {
                missed.Add(w);
                output.WriteLine($"MISSED: no record for the wait woken at {w.WakeStartNs}, run at {w.VictimRunNs}");
                continue;
            }
            Assert.True(wakeups.Length == 1, $"expected one victim wakeup wait ending in [{w.WakeStartNs}, {w.VictimRunNs}], found {wakeups.Length}");
            var e = wakeups[0];
            Assert.Equal(1u, e.Cpu);
            Assert.Equal(1u, e.Runq.WaitCpu);
            if (w.VictimRunNs < w.HogEndNs || (long)e.TsNs < w.HogEndNs)
            {
                // The victim ran while the hog was still spinning: something took the CPU from the
                // SCHED_FIFO hog (on a busy machine, the fair-class deadline server that keeps
                // SCHED_OTHER tasks from starving), so the victim was switched in (e.TsNs) before the
                // hog's end, even if the hog took the CPU back before the victim's T_run. No lower
                // bound and no culprit to check then.
                hogInterrupted++;
                output.WriteLine($"hog lost the CPU during the wait woken at {w.WakeStartNs}: victim ran after {(long)e.ValueNs} ns");
                Assert.InRange((long)e.ValueNs, 0, w.UpperNs);
                continue;
            }
            Assert.InRange((long)e.ValueNs, w.LowerNs, w.UpperNs);
            // Tasks switched in on CPU 1 between the hog blocking and the victim (the machine is
            // shared). With none, the hog ran right before the victim and must be the culprit;
            // otherwise the culprit is the last of them.
            var gap = runq.Where(o => o.Cpu == 1 && o.Pid != (uint)truth.VictimTid && (long)o.TsNs >= w.HogEndNs && o.TsNs <= e.TsNs).ToArray();
            if (gap.Length == 0 && e.Runq.CulpritPid != (uint)truth.HogTid)
            {
                // The culprit's own switch-in went unreported (the same kernel gap as above): its
                // open wait was counted lost when it left the CPU for the victim.
                unseenCulprits++;
                output.WriteLine($"culprit {e.Runq.CulpritComm}[{e.Runq.CulpritPid}] ran after the hog without a reported switch-in");
            }
            else if (gap.Length == 0)
            {
                Assert.Equal((uint)truth.HogTid, e.Runq.CulpritPid);
                Assert.Equal(truth.HogComm, e.Runq.CulpritComm.ToString());
                Assert.True(e.Runq.CulpritPrio < 100, $"the SCHED_FIFO hog has a real-time prio, got {e.Runq.CulpritPrio}");
                hogCulprit++;
            }
            else
            {
                Assert.Contains(e.Runq.CulpritPid, gap.Select(o => o.Pid));
            }
        }
        output.WriteLine($"D={holdUs}us: hog named culprit in {hogCulprit}/{truth.Waits.Count} waits; the others ran first on the shared CPU: " +
            string.Join(", ", victim.Where(e => e.Runq.CulpritPid != (uint)truth.HogTid).GroupBy(e => e.Runq.CulpritComm.ToString()).Select(g => $"{g.Key} x{g.Count()}")));

        // Every run-queue wait of the victim in the window, against the kernel's own sum.
        long measuredSum = victim.Sum(e => (long)e.ValueNs);
        // The kernel stamps a wait with its rq clock at enqueue and at pick, we at the tracepoints
        // around them: measured here 0.5-4 µs more per wait, up to 8 µs on a busy 2-vCPU guest.
        long tolerance = 10_000L * victim.Length;
        ulong lost = lostAfter.Lost - lostBefore.Lost;
        output.WriteLine($"victim waits={victim.Length} sum={measuredSum}ns schedstat run_delay={truth.RunDelayNs}ns diff={measuredSum - truth.RunDelayNs}ns missed={missed.Count}; " +
            $"CPU 1 lost waits during the run={lost} (end unseen {lostAfter.EndUnseen - lostBefore.EndUnseen}, start unseen {lostAfter.StartUnseen - lostBefore.StartUnseen}, no storage {lostAfter.NoStorage - lostBefore.NoStorage})");
        Assert.True((ulong)(missed.Count + unseenCulprits) <= lost,
            $"{missed.Count} waits of {truth.Waits.Count} have no record and {unseenCulprits} culprits ran unreported, but the kernel counted only {lost} lost waits on CPU 1");
        Assert.True(hogInterrupted <= truth.Waits.Count / 10, $"the hog lost the CPU in {hogInterrupted} of {truth.Waits.Count} waits: the machine is too busy for this ground truth");
        long missedLow = missed.Sum(w => Math.Max(0, w.LowerNs)), missedHigh = missed.Sum(w => w.UpperNs);
        Assert.InRange(truth.RunDelayNs, measuredSum + missedLow - tolerance, measuredSum + missedHigh + tolerance);
    }
}
