using HdrHistogram;
using TradingMon.PerfLab.Noise;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab;

/// <summary>
/// One run of a scenario: start the host control, the noise, then the probe (the kernel recorder,
/// started once per scenario, begins this run's series first), hold for the duration, then stop in
/// reverse order. Everything started is stopped and removed, also on failure.
/// </summary>
public static class ScenarioRun
{
    /// <summary>bpftrace hands events over through per-CPU buffers it polls; this covers the last poll.</summary>
    private static readonly TimeSpan KernelDrain = TimeSpan.FromMilliseconds(300);

    /// <summary>The kernel recorder a scenario needs, or null when it records no kernel metric.</summary>
    public static BpftraceSource? KernelSourceFor(Scenario scenario, TextWriter console)
    {
        var kernelMetrics = scenario.Metrics.Select(m => m.Name).Where(BpftraceSource.Needed).Distinct().ToArray();
        if (kernelMetrics.Length == 0) return null;
        string? comm = scenario.Metrics.FirstOrDefault(m => m.Name == "sched.runq")?.Comm;
        return new BpftraceSource(kernelMetrics, comm, console);
    }

    /// <summary>
    /// Runs once and returns each scenario metric's histogram (ns), keyed by the metric's series id,
    /// plus the host control's (<see cref="HostControl"/>) when the machine has a CPU to spare for it.
    /// </summary>
    public static Dictionary<SeriesId, HistogramBase> Execute(Scenario scenario, long durationNs, BpftraceSource? kernel, TextWriter console)
    {
        var started = new Stack<IDisposable>();
        var injectors = new List<INoiseInjector>();
        var recorded = new Dictionary<SeriesId, HistogramBase>();
        HostControl? control = null;
        HistogramBase? controlHistogram = null;
        try
        {
            kernel?.BeginRun();
            if (HostControl.CpuFor(scenario, Environment.ProcessorCount) is { } controlCpu)
            {
                control = new HostControl(controlCpu);
                started.Push(control);
                control.Start();
            }
            for (int i = 0; i < scenario.Noise.Count; i++)
            {
                var injector = NoiseInjectors.Create(scenario.Noise[i], i);
                started.Push(injector);
                injectors.Add(injector);
                injector.Start();
            }
            var probe = new ProbeSource(scenario.Workload);
            started.Push(probe);
            probe.Start();

            Thread.Sleep(TimeSpan.FromMilliseconds(durationNs / 1_000_000.0));

            foreach (var (id, h) in probe.Stop()) recorded[id] = h;
            controlHistogram = control?.Stop();
            if (kernel is not null)
            {
                Thread.Sleep(KernelDrain);
                foreach (var (id, h) in kernel.EndRun()) recorded[id] = h;
            }
            foreach (var injector in injectors) console.WriteLine($"  noise {injector.Stop()}");
        }
        finally
        {
            while (started.Count > 0) started.Pop().Dispose();
        }
        var series = scenario.Metrics.ToDictionary(m => new SeriesId(m.Name, m.Key), m => SeriesSelector.Select(m, recorded));
        if (control is not null && controlHistogram is not null) series[control.Id] = controlHistogram;
        return series;
    }
}
