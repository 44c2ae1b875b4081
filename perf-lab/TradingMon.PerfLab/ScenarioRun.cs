using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Noise;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab;

/// <summary>
/// One run of a scenario: start the metric sources, then the noise, then hold for the duration,
/// then stop in reverse order. Everything started is stopped and removed, also on failure.
/// </summary>
public static class ScenarioRun
{
    /// <summary>Runs once and returns each scenario metric's histogram (ns), keyed by the metric's series id.</summary>
    public static Dictionary<SeriesId, HistogramBase> Execute(Scenario scenario, long durationNs, TextWriter console)
    {
        var started = new Stack<IDisposable>();
        var injectors = new List<INoiseInjector>();
        var recorders = new List<IMetricSource>();
        var recorded = new Dictionary<SeriesId, HistogramBase>();
        try
        {
            var kernelMetrics = scenario.Metrics.Select(m => m.Name).Where(BpftraceSource.Needed).Distinct().ToArray();
            if (kernelMetrics.Length > 0)
            {
                string? comm = scenario.Metrics.FirstOrDefault(m => m.Name == "sched.runq")?.Comm;
                var kernel = new BpftraceSource(kernelMetrics, comm, console);
                started.Push(kernel);
                recorders.Add(kernel);
                kernel.Start();
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
            recorders.Add(probe);
            probe.Start();

            Thread.Sleep(TimeSpan.FromMilliseconds(durationNs / 1_000_000.0));

            // The probe first, then the kernel source: the kernel series cover the probe's whole run.
            for (int i = recorders.Count - 1; i >= 0; i--)
                foreach (var (id, h) in recorders[i].Stop()) recorded[id] = h;
            foreach (var injector in injectors) console.WriteLine($"  noise {injector.Stop()}");
        }
        finally
        {
            while (started.Count > 0) started.Pop().Dispose();
        }
        return scenario.Metrics.ToDictionary(m => new SeriesId(m.Name, m.Key), m => SeriesSelector.Select(m, recorded));
    }
}
