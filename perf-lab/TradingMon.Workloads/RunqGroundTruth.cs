using System.Runtime.InteropServices;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>One controlled wait: the victim's run-queue latency must lie in [<see cref="LowerNs"/>, <see cref="UpperNs"/>].</summary>
/// <param name="WakeStartNs">T_w0: just before the victim's futex wake (CLOCK_MONOTONIC).</param>
/// <param name="WakeEndNs">T_w1: just after it.</param>
/// <param name="HogEndNs">T_end: when the hog stopped spinning and blocked.</param>
/// <param name="VictimRunNs">T_run: the victim's first instruction after the wait.</param>
public readonly record struct RunqWait(long WakeStartNs, long WakeEndNs, long HogEndNs, long VictimRunNs)
{
    public long LowerNs => HogEndNs - WakeEndNs;
    public long UpperNs => VictimRunNs - WakeStartNs;
}

public sealed record RunqGroundTruthResult(int VictimTid, int HogTid, string HogComm, IReadOnlyList<RunqWait> Waits, long RunDelayBeforeNs, long RunDelayAfterNs, long SchedstatFromNs, long SchedstatToNs)
{
    /// <summary>The kernel's own sum of the victim's run-queue waits over the run (schedstat).</summary>
    public long RunDelayNs => RunDelayAfterNs - RunDelayBeforeNs;
}

/// <summary>
/// The run-queue ground truth of DESIGN.md: a SCHED_OTHER victim and a SCHED_FIFO hog, both pinned
/// to <see cref="Cpu"/>; a controller thread pinned to <see cref="ControllerCpu"/> starts the hog,
/// wakes the victim at T_w and lets the hog spin until T_w + D. The victim cannot run before the hog blocks,
/// so its measured latency is D plus a few µs, bounded from both sides by user-space timestamps.
/// </summary>
public sealed partial class RunqGroundTruth
{
    public int Cpu { get; init; } = 1;
    public int ControllerCpu { get; init; } = 0;
    public int HogPriority { get; init; } = 50;
    /// <summary>Comm of the hog thread, so a probe can name it as the culprit.</summary>
    public string HogName { get; init; } = "tm-fifo-hog";
    public string VictimName { get; init; } = "tm-victim";
    /// <summary>
    /// The victim's nice value (it stays SCHED_OTHER). -20 makes EEVDF pick it first once the hog
    /// blocks even when other engineers' builds crowd the CPU, so the hog is the culprit of almost
    /// every wait; at nice 0 a busy machine slips other tasks in between and the waits grow by
    /// tens of ms (measured here: 3 of 40 waits clean under two parallel builds).
    /// </summary>
    public int VictimNice { get; init; } = -20;
    /// <summary>Pause between waits, so each one is clean.</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Runs <paramref name="waits"/> controlled waits of <paramref name="hold"/> each; the calling thread only waits.</summary>
    public RunqGroundTruthResult Run(TimeSpan hold, int waits) => PinnedThread.Run(ControllerCpu, () => Control(hold, waits));

    private RunqGroundTruthResult Control(TimeSpan hold, int waits)
    {
        long holdNs = hold.Ticks * 100;
        using var victimGo = new Futex();
        using var hogGo = new Futex();
        var results = new RunqWait[waits];
        long hogEnd = 0, victimRun = 0, hogDeadline = long.MaxValue;
        int hogSpinning = 0, victimDone = 0, hogTid = 0, victimTid = 0;
        int round = 0;
        Exception? failure = null;
        using var ready = new CountdownEvent(2);

        var victim = new Thread(() =>
        {
            try
            {
                LinuxThread.PinCurrentThread(Cpu);
                int tid = LinuxThread.CurrentTid();
                // PRIO_PROCESS with a tid sets that one thread's nice value on Linux.
                if (setpriority(0, tid, VictimNice) != 0)
                    throw new TradingMonException($"cannot set the victim's nice to {VictimNice}: {Marshal.GetLastPInvokeErrorMessage()} (needs root or CAP_SYS_NICE)");
                Volatile.Write(ref victimTid, tid);
            }
            catch (Exception e) { failure = e; }
            ready.Signal();
            for (int i = 1; i <= waits && failure is null; i++)
            {
                victimGo.Wait(i - 1);
                Volatile.Write(ref victimRun, LinuxThread.MonotonicNs());
                Volatile.Write(ref victimDone, i);
            }
            // Stay alive (blocked) until the controller has read our schedstat.
            victimGo.Wait(waits);
        }) { Name = VictimName, IsBackground = true };

        var hog = new Thread(() =>
        {
            try
            {
                LinuxThread.PinCurrentThread(Cpu);
                LinuxThread.SetScheduler(LinuxThread.SCHED_FIFO, HogPriority);
                Volatile.Write(ref hogTid, LinuxThread.CurrentTid());
            }
            catch (Exception e) { failure = e; }
            ready.Signal();
            for (int i = 1; i <= waits && failure is null; i++)
            {
                hogGo.Wait(i - 1);
                Volatile.Write(ref hogSpinning, i);
                // Spin holding the CPU until the controller's deadline, then block.
                while (LinuxThread.MonotonicNs() < Volatile.Read(ref hogDeadline)) { }
                Volatile.Write(ref hogEnd, LinuxThread.MonotonicNs());
                Volatile.Write(ref hogDeadline, long.MaxValue);
                Volatile.Write(ref hogSpinning, -i);
            }
        }) { Name = HogName, IsBackground = true };

        victim.Start();
        hog.Start();
        ready.Wait();
        if (failure is not null) throw new TradingMonException($"ground-truth workload could not start: {failure.Message}");
        Thread.Sleep(20); // both threads are blocked on their futexes now
        // The clock around the schedstat reads bounds the kernel's sum: a wait of the victim outside
        // the controlled ones (preempted on its way back to the futex after the last T_run) is in
        // run_delay, so a comparison must take the victim's records over this span, not just the waits.
        long schedstatFrom = LinuxThread.MonotonicNs();
        long before = Schedstat.RunDelayNs(victimTid);
        for (round = 1; round <= waits; round++)
        {
            // The victim must be asleep in our futex: a victim merely preempted on its way there
            // would be "woken" while runnable, and its wait would begin before T_w; one asleep
            // elsewhere (a runtime lock) would not be woken by us at all.
            SpinUntil(() => ThreadState(victimTid) == 'S' && victimGo.IsWaiter(victimTid));
            hogGo.Set(round);
            SpinUntil(() => Volatile.Read(ref hogSpinning) == round);
            long tw0 = LinuxThread.MonotonicNs();
            Volatile.Write(ref hogDeadline, tw0 + holdNs);
            victimGo.Set(round);
            long tw1 = LinuxThread.MonotonicNs();
            SpinUntil(() => Volatile.Read(ref victimDone) == round && Volatile.Read(ref hogSpinning) == -round);
            results[round - 1] = new RunqWait(tw0, tw1, Volatile.Read(ref hogEnd), Volatile.Read(ref victimRun));
            Thread.Sleep(Gap);
        }
        // The victim is blocked again: its /proc entry still exists until we release it.
        long after = Schedstat.RunDelayNs(victimTid);
        long schedstatTo = LinuxThread.MonotonicNs();
        victimGo.Set(waits + 1);
        victim.Join();
        hog.Join();
        return new RunqGroundTruthResult(victimTid, hogTid, HogName, results, before, after, schedstatFrom, schedstatTo);
    }

    /// <summary>The thread's state letter from /proc (R running, S sleeping, ...).</summary>
    private static char ThreadState(int tid)
    {
        string stat = File.ReadAllText($"/proc/{Environment.ProcessId}/task/{tid}/stat");
        return stat[stat.LastIndexOf(')') + 2]; // comm may contain spaces and parentheses
    }

    private static void SpinUntil(Func<bool> condition)
    {
        var sw = new SpinWait();
        while (!condition()) sw.SpinOnce(sleep1Threshold: -1);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
