using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Sources;

/// <summary>
/// The host-noise control recorded beside every run: a cyclictest-like timer probe at SCHED_FIFO 99
/// on a CPU the scenario leaves alone, recorded as <c>host.control cpuN</c>. Nothing a scenario
/// changes should move it; what moves it is the machine underneath. On a shared VM the host takes
/// the vCPUs away for milliseconds at a time, in spells of tens of seconds, and a whole set of runs
/// can fall in one: then the workload's tail "regresses" with nothing changed. The gate uses the
/// control to pick a quiet moment to confirm a suspected regression in (see Bench.Confirm, <see cref="HostNoise"/>).
/// </summary>
/// <remarks>
/// Why another CPU and not the probe's own: a change that puts interrupts or real-time work on the
/// probe's CPU would show in a control there too and be excused as host noise. Why priority 99: it
/// preempts every scenario thread, so it sees the platform (host, IRQs, kernel) and not them. Why a
/// 1.37 ms period: no multiple of the usual 1 ms probe period, so the two never phase-lock. Its cost
/// is a few microseconds of CPU per wakeup on a CPU the scenario does not measure.
/// </remarks>
public sealed class HostControl : IDisposable
{
    public const string Metric = "host.control";
    public const string ThreadName = "host-control";
    private const long PeriodNs = 1_370_000;
    private const int Priority = 99;

    private readonly LatencyProbe _probe;

    public HostControl(int cpu)
    {
        Cpu = cpu;
        _probe = new LatencyProbe(new LatencyProbeOptions(cpu, PeriodNs, Priority, ThreadName: ThreadName));
    }

    public int Cpu { get; }

    public SeriesId Id => IdFor(Cpu);

    public static SeriesId IdFor(int cpu) => new(Metric, $"cpu{cpu}");

    /// <summary>
    /// The scenario's <c>workload.control_cpu</c>, else the lowest CPU that neither the probe, its
    /// partner nor a noise injector uses, else the lowest CPU other than the probe's; null on a
    /// one-CPU machine, where there is no CPU to spare and the gate judges without a control.
    /// </summary>
    public static int? CpuFor(Scenario scenario, int cpuCount)
    {
        if (scenario.Workload.ControlCpu is { } chosen) return chosen;
        var busy = new HashSet<int> { scenario.Workload.Cpu };
        if (scenario.Workload.PartnerCpu is { } partner) busy.Add(partner);
        foreach (var noise in scenario.Noise)
            if (NoiseCpu(noise) is { } cpu) busy.Add(cpu);
        for (int cpu = 0; cpu < cpuCount; cpu++)
            if (!busy.Contains(cpu)) return cpu;
        for (int cpu = 0; cpu < cpuCount; cpu++)
            if (cpu != scenario.Workload.Cpu) return cpu;
        return null;
    }

    private static int? NoiseCpu(NoiseSpec noise) => noise switch
    {
        FifoHogNoise h => h.Cpu,
        SoftirqNoise s => s.Cpu,
        NicQueueNoise q => q.Cpu,
        _ => null,
    };

    public void Start() => _probe.Start();

    public HistogramBase Stop() => _probe.Stop();

    public void Dispose() => _probe.Dispose();
}
