using TradingMon.Core;
using TradingMon.Kernel.Probes;
using TradingMon.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>System vectors against ground truth: function-call IPIs we raise, timer ticks at HZ.</summary>
[Collection(KernelIrqNetCollection.Name)]
public class IpiTests(ITestOutputHelper output)
{
    private const int TargetCpu = 1, CallerCpu = 0;

    [Fact]
    public void Each_membarrier_raises_one_call_function_single_on_the_cpu_running_our_thread()
    {
        const int N = 2000, Attempts = 20;
        MembarrierIpi.Register();
        using var run = ProbeRun.Start(ProbeCatalog.Irq);
        // The ground truth holds only while our thread runs on CPU 1 for the whole burst. SCHED_FIFO
        // keeps ordinary tasks off it; a higher-priority RT task can still take CPU 1 (other
        // tests' hogs), and RT throttling can park it, so a burst counts only when the spinner's
        // schedstat shows it held CPU 1 throughout. A fresh spinner per attempt keeps its RT run
        // time short, far from the throttling budget.
        long t0 = 0, t1 = 0, tick = 1_000_000_000L / KernelHz.Read();
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            using var spinner = new CpuSpinner(TargetCpu, fifoPriority: 1);
            var before = spinner.SchedStat();
            t0 = LinuxThread.MonotonicNs();
            PinnedThread.Run(CallerCpu, () => { MembarrierIpi.Raise(N); });
            t1 = LinuxThread.MonotonicNs();
            var after = spinner.SchedStat();
            if (after.SwitchIns == before.SwitchIns && after.RunNs - before.RunNs >= t1 - t0 - 2 * tick) break;
            output.WriteLine($"attempt {attempt}: the spinner did not hold CPU {TargetCpu} for the whole burst, again");
            Assert.True(attempt < Attempts, $"CPU {TargetCpu} was never ours for a whole burst in {Attempts} attempts");
        }
        var events = run.Stop();

        // The interrupted task is ours: IPIs that other processes' work sent to CPU 1 are not counted.
        var ipis = events.Where(e => e.Kind == EventKind.IrqVector && e.Irq.Irq == (uint)IrqVector.CallFunctionSingle
                                     && e.Cpu == TargetCpu && e.Tgid == Environment.ProcessId
                                     && (long)e.TsNs >= t0 && (long)e.TsNs <= t1).ToList();
        output.WriteLine($"{N} membarriers -> {ipis.Count} call_function_single on cpu{TargetCpu}; " +
                         $"median {Median(ipis.Select(e => (long)e.ValueNs))} ns, max {ipis.Max(e => (long)e.ValueNs)} ns");
        Assert.InRange(ipis.Count, N * 0.99, N * 1.01);
        // A handler is a few hundred ns; one that the host interrupts (the vCPU stalled mid-handler,
        // seen here at 153 µs once in 2000 on an idle guest) is the VM, not the probe. So: at most 1
        // in 500 beyond 50 µs, none beyond 1 ms.
        var slow = ipis.Where(e => e.ValueNs >= 50_000).ToList();
        Assert.True(slow.Count <= ipis.Count / 500, $"{slow.Count} IPI handlers took 50 µs or more: {string.Join(", ", slow.Select(e => e.ValueNs))} ns");
        Assert.All(ipis, e => Assert.True(e.ValueNs < 1_000_000, $"IPI handler took {e.ValueNs} ns"));
    }

    /// <summary>
    /// The tick is a periodic hrtimer on a fixed grid of 1/HZ (CLOCK_MONOTONIC, the clock of the
    /// events), but other hrtimers also arrive as local_timer interrupts. So fold the local_timer
    /// entry times on a busy CPU modulo 1/HZ: the tick is the phase where events pile up, and it
    /// must be there in (almost) every period.
    /// </summary>
    [Fact]
    public void Timer_ticks_arrive_at_the_kernel_HZ_on_a_busy_cpu()
    {
        int hz = KernelHz.Read(); // CONFIG_HZ from /proc/config.gz or /boot/config-*
        long period = 1_000_000_000L / hz;
        const long Window = 1_000_000_000;
        using var run = ProbeRun.Start(ProbeCatalog.Irq);
        long t0, t1;
        using (new CpuSpinner(TargetCpu))
        {
            Thread.Sleep(20); // the tick restarts on the now busy CPU
            t0 = LinuxThread.MonotonicNs();
            Thread.Sleep((int)(Window / 1_000_000));
            t1 = LinuxThread.MonotonicNs();
        }
        var entries = run.Stop()
            .Where(e => e.Kind == EventKind.IrqVector && e.Irq.Irq == (uint)IrqVector.LocalTimer && e.Cpu == TargetCpu)
            .Select(e => (long)(e.TsNs - e.ValueNs))
            .Where(t => t >= t0 && t < t1)
            .ToArray();

        const int Bins = 40;
        var bins = new int[Bins];
        foreach (long t in entries) bins[(int)(t % period * Bins / period)]++;
        int peak = Array.IndexOf(bins, bins.Max());
        long periods = (t1 - t0) / period;
        // Periods with an event near the tick phase (±1 bin: ±10 % of a period for entry jitter on a
        // noisy VM). Other hrtimers (any task's sleeps and timeouts on CPU 1) are local_timer
        // interrupts too, at phases of their own, so the count of all events is only a lower bound.
        int ticked = PeriodsWithEventNear(entries, period, peak, Bins);
        output.WriteLine($"HZ {hz}: {entries.Length} local_timer on cpu{TargetCpu} in {(t1 - t0) / 1e6:F0} ms ({periods} periods): " +
                         $"{ticked} periods with an interrupt at the tick phase");
        Assert.InRange(ticked, periods * 0.95, periods + 1);
        Assert.True(entries.Length >= periods * 0.95);
    }

    private static int PeriodsWithEventNear(long[] entries, long period, int bin, int bins)
    {
        var seen = new HashSet<long>();
        long center = (2 * bin + 1) * period / (2 * bins);
        foreach (long t in entries)
        {
            int b = (int)(t % period * bins / period);
            int distance = Math.Min((b - bin + bins) % bins, (bin - b + bins) % bins);
            // Count per period around the phase centre, so jitter across a bin-0 boundary stays in one period.
            if (distance <= 1) seen.Add((t - center + period / 2) / period);
        }
        return seen.Count;
    }

    private static long Median(IEnumerable<long> values)
    {
        var a = values.Order().ToArray();
        return a.Length == 0 ? 0 : a[a.Length / 2];
    }
}
