using TradingMon.Core;

namespace TradingMon.Aeron.Tests;

/// <summary>Alerts shared by the alert codec, sink and interop tests.</summary>
internal static class AlertSamples
{
    /// <summary>Every field a distinct, recognisable value; the host has a 2-byte UTF-8 character.</summary>
    public static Alert Golden() => new()
    {
        Sequence = 42,
        KernelTimestampNs = 0x1122334455667788,
        DetectionTimestampNs = 0x1122334455668000,
        Severity = AlertSeverity.Critical,
        Metric = Metric.SoftirqLatency,
        Cpu = 1,
        KeyId1 = 3,
        KeyId2 = -1,
        ObservedNs = 250_000,
        ThresholdNs = 100_000,
        CulpritPid = 4321,
        SuppressedCount = 7,
        SuppressedWorstNs = 1_000_000,
        RuleId = "softirq-p99",
        KeyName = "cpu1/NET_RX",
        CulpritComm = Comm.From("iperf3"),
        Host = "ld4-\u03bc",
    };

    public static Alert Numbered(long sequence) => new()
    {
        Sequence = sequence,
        KernelTimestampNs = 1_000_000 + sequence,
        DetectionTimestampNs = 2_000_000 + sequence,
        Severity = AlertSeverity.Warning,
        Metric = Metric.RunqLatency,
        Cpu = (int)(sequence % 2),
        KeyId1 = -1,
        KeyId2 = -1,
        ObservedNs = 50_000 + sequence,
        ThresholdNs = 20_000,
        CulpritPid = 1234,
        RuleId = "runq-p99",
        KeyName = "cpu1",
        CulpritComm = Comm.From("stress-ng"),
        Host = "test-host",
    };
}
