namespace TradingMon.Core;

public enum AlertSeverity : byte
{
    Info = 1,
    Warning = 2,
    Critical = 3,
}

/// <summary>
/// One alert, as the rule engine hands it to <see cref="IAlertSink"/>. A struct whose strings are
/// references to strings that already exist (the rule's id, the aggregator's key name, the host),
/// so raising an alert from the ring consumer allocates nothing. The Aeron SBE encoder
/// (configs/tradingmon-alerts.xml) writes these fields to the wire.
/// </summary>
public struct Alert
{
    /// <summary>Per-process sequence number, from 1, without gaps.</summary>
    public long Sequence;
    /// <summary>Kernel timestamp (CLOCK_MONOTONIC ns) of the event that triggered the alert.</summary>
    public long KernelTimestampNs;
    /// <summary>CLOCK_MONOTONIC ns when the rule fired.</summary>
    public long DetectionTimestampNs;
    public AlertSeverity Severity;
    public Metric Metric;
    /// <summary>CPU of the key, or -1 for keys that are not per CPU (a device's tx queue).</summary>
    public int Cpu;
    /// <summary>First numeric key id: IRQ number or vector, softirq vector, ifindex; -1 when none.</summary>
    public int KeyId1;
    /// <summary>Second numeric key id: tx/rx queue; -1 when none.</summary>
    public int KeyId2;
    /// <summary>The observed value that crossed the threshold (for windowed rules: the statistic), ns.</summary>
    public long ObservedNs;
    public long ThresholdNs;
    /// <summary>Culprit pid where known, else 0.</summary>
    public int CulpritPid;
    /// <summary>Alerts of this rule and key suppressed by storm control since the previous alert.</summary>
    public int SuppressedCount;
    /// <summary>Worst observed value among the suppressed alerts, ns; 0 when none.</summary>
    public long SuppressedWorstNs;
    public string RuleId;
    /// <summary>Human key, as in the JSON summary: cpu1, cpu0/virtio0-input.0, cpu1/NET_RX, eth0/tx0.</summary>
    public string KeyName;
    public Comm CulpritComm;
    public string Host;
}

/// <summary>
/// Where alerts leave the engine: the Aeron publication, a log line, a test probe.
/// Called on the thread that evaluated the rule (the ring consumer for immediate rules), so it
/// must not block or allocate; a sink that cannot send counts the refusal.
/// </summary>
public interface IAlertSink
{
    void Publish(in Alert alert);
}
