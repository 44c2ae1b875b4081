using System.Globalization;
using TradingMon.Core;

namespace TradingMon.Actors.Alerts;

/// <summary>The alert's log line: every field, key=value, invariant culture.</summary>
public static class AlertText
{
    public static string Format(in Alert a) => string.Create(CultureInfo.InvariantCulture,
        $"ALERT seq={a.Sequence} rule={a.RuleId} severity={a.Severity} metric={a.Metric.Name()} key={a.KeyName} " +
        $"observed_ns={a.ObservedNs} threshold_ns={a.ThresholdNs} culprit={a.CulpritPid}/{a.CulpritComm} " +
        $"kernel_ts_ns={a.KernelTimestampNs} detected_ns={a.DetectionTimestampNs} " +
        $"suppressed={a.SuppressedCount} suppressed_worst_ns={a.SuppressedWorstNs} host={a.Host}");
}
