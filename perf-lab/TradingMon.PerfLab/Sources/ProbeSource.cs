using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Sources;

/// <summary>The scenario's latency probe; its wakeup lateness is the <c>probe.latency</c> series.</summary>
public sealed class ProbeSource(WorkloadSpec workload) : IDisposable
{
    private readonly LatencyProbe _probe = new(new LatencyProbeOptions(workload.Cpu, workload.PeriodNs, workload.FifoPriority, workload.PartnerCpu));

    public void Start() => _probe.Start();

    public IReadOnlyDictionary<SeriesId, HistogramBase> Stop() =>
        new Dictionary<SeriesId, HistogramBase> { [new SeriesId(ScenarioFile.ProbeMetric, ScenarioFile.ProbeKey)] = _probe.Stop() };

    public void Dispose() => _probe.Dispose();
}
