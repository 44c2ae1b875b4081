using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// A workload that measures TradingMon itself (alert latency, overhead, ingest ceiling): it starts
/// its own engine and load, runs for the given time, and returns its series (ns, higher is worse).
/// </summary>
public interface IPipelineWorkload
{
    IReadOnlyDictionary<SeriesId, HistogramBase> Run(long durationNs, TextWriter console);
}

public static class PipelineWorkloads
{
    public static IPipelineWorkload Create(WorkloadSpec workload) => workload.Pipeline switch
    {
        AlertLatencySpec a => new AlertLatencyWorkload(workload.Cpu, a),
        MonitorOverheadSpec o => new MonitorOverheadWorkload(workload.Cpu, o),
        IngestCeilingSpec i => new IngestCeilingWorkload(workload.Cpu, i),
        _ => throw new ArgumentException($"workload '{workload.Type}' is not a pipeline workload", nameof(workload)),
    };

    /// <summary>A histogram for ns values up to the probe's range (10 s), 3 significant digits like every perf-lab series.</summary>
    public static LongHistogram NewHistogram() => new(1, Workloads.LatencyProbeOptions.HighestTrackableNs, 3);

    /// <summary>The other CPU for the engine's reader and the load's helpers: CPU 0 unless the load is there.</summary>
    public static int OtherCpu(int cpu) => cpu == 0 ? 1 : 0;
}
