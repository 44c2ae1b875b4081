namespace TradingMon.PerfLab.Scenarios;

/// <summary>
/// The series the pipeline workloads record (all in ns, higher is worse, so the gate's rules read as
/// for any latency): which workload records each metric, and its keys.
/// </summary>
public static class PipelineMetrics
{
    public const string AlertLatency = "pipeline.alert_latency";
    public const string Overhead = "pipeline.overhead";
    public const string Ingest = "pipeline.ingest";

    /// <summary>Kernel timestamp of the tripping event → alert decoded by the Aeron subscriber; and its two halves, split at the detection timestamp the alert carries.</summary>
    public const string KernelToSubscriber = "kernel-to-subscriber", KernelToDetection = "kernel-to-detection", DetectionToSubscriber = "detection-to-subscriber";

    /// <summary>The engine's own tool name among the overhead keys; the others are the compared tools.</summary>
    public const string TradingMon = "tradingmon";
    public static readonly string[] ComparedTools = ["runqlat", "bpftrace"];

    /// <summary>The ingest ceiling as a time budget (1 / events per second at the highest load with nothing dropped), and the monitor process's CPU time per event.</summary>
    public const string NsPerEventAtCeiling = "ns-per-event-at-ceiling", CpuPerEvent = "cpu-ns-per-event";

    public static readonly IReadOnlyDictionary<string, (string Workload, string[] Keys)> ByMetric = new Dictionary<string, (string, string[])>
    {
        [AlertLatency] = ("alert-latency", [KernelToSubscriber, KernelToDetection, DetectionToSubscriber]),
        [Overhead] = ("monitor-overhead", [TradingMon, .. ComparedTools]),
        [Ingest] = ("ingest-ceiling", [NsPerEventAtCeiling, CpuPerEvent]),
    };
}
