using HdrHistogram;
using TradingMon.PerfLab.Noise;
using TradingMon.PerfLab.Pipeline;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab;

/// <summary>
/// One run of a scenario: start the monitor engine (when the scenario records a kernel metric), the
/// host control, the noise, then the probe, hold for the duration (or run the pipeline workload, which
/// brings its own engine and load), then stop in reverse order (the
/// engine before the noise, so the series end with the probe). Everything started is stopped and
/// removed, also on failure.
/// </summary>
public static class ScenarioRun
{
    /// <summary>
    /// Runs once and returns each scenario metric's histogram (ns), keyed by the metric's series id,
    /// plus the host control's (<see cref="HostControl"/>) when the machine has a CPU to spare for it.
    /// </summary>
    public static Dictionary<SeriesId, HistogramBase> Execute(Scenario scenario, long durationNs, EngineSource? kernel, TextWriter console)
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
            if (scenario.Workload.Pipeline is not null)
            {
                // The pipeline workloads run their own engine and load for the duration.
                foreach (var (id, h) in PipelineWorkloads.Create(scenario.Workload).Run(durationNs, console)) recorded[id] = h;
            }
            else
            {
                var probe = new ProbeSource(scenario.Workload);
                started.Push(probe);
                probe.Start();
                Thread.Sleep(TimeSpan.FromMilliseconds(durationNs / 1_000_000.0));
                foreach (var (id, h) in probe.Stop()) recorded[id] = h;
            }
            controlHistogram = control?.Stop();
            if (kernel is not null)
                foreach (var (id, h) in kernel.EndRun()) recorded[id] = h;
            foreach (var injector in injectors) console.WriteLine($"  noise {injector.Stop()}");
        }
        finally
        {
            while (started.Count > 0) started.Pop().Dispose();
        }
        var series = scenario.Metrics.ToDictionary(m => new SeriesId(m.Name, m.Key), m => SeriesSelector.Select(m, recorded));
        // A pipeline workload's other series (the compared tools' overhead, the alert latency's halves)
        // are kept as references: summarised, plotted and stored in the baseline, without rules.
        if (scenario.Workload.Pipeline is not null)
            foreach (var (id, h) in recorded) series.TryAdd(id, h);
        if (control is not null && controlHistogram is not null) series[control.Id] = controlHistogram;
        return series;
    }
}
