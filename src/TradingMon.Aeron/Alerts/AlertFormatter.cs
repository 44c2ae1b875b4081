using System.Globalization;
using System.Text.Json;
using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// The two text forms of an alert: one human line (log, `alerts tail`) and one JSON object with every
/// field (`alerts tail --json`). Off the hot path: both allocate.
/// </summary>
public static class AlertFormatter
{
    /// <summary>e.g. <c>#42 Critical softirq.latency cpu1/NET_RX observed=250.0us threshold=100.0us rule=softirq-p99 culprit=4321/iperf3 suppressed=7 worst=1000.0us host=ld4 cpu=1 key=3/-1 kernel_ts=… detected_ts=…</c></summary>
    public static string HumanLine(in Alert a)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"#{a.Sequence} {SeverityName(a.Severity)} {MetricName(a.Metric)} {a.KeyName} observed={Micros(a.ObservedNs)} threshold={Micros(a.ThresholdNs)} rule={a.RuleId}");
        if (a.CulpritPid != 0) line += string.Create(CultureInfo.InvariantCulture, $" culprit={a.CulpritPid}/{a.CulpritComm}");
        if (a.SuppressedCount != 0) line += string.Create(CultureInfo.InvariantCulture, $" suppressed={a.SuppressedCount} worst={Micros(a.SuppressedWorstNs)}");
        return line + string.Create(CultureInfo.InvariantCulture,
            $" host={a.Host} cpu={a.Cpu} key={a.KeyId1}/{a.KeyId2} kernel_ts={a.KernelTimestampNs} detected_ts={a.DetectionTimestampNs}");
    }

    /// <summary>Writes one JSON object; property names are the schema's field names.</summary>
    public static void WriteJson(Utf8JsonWriter json, in Alert a)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", a.Sequence);
        json.WriteNumber("kernelTimestampNs", a.KernelTimestampNs);
        json.WriteNumber("detectionTimestampNs", a.DetectionTimestampNs);
        json.WriteString("severity", SeverityName(a.Severity));
        json.WriteString("metric", MetricName(a.Metric));
        json.WriteNumber("cpu", a.Cpu);
        json.WriteNumber("keyId1", a.KeyId1);
        json.WriteNumber("keyId2", a.KeyId2);
        json.WriteNumber("observedNs", a.ObservedNs);
        json.WriteNumber("thresholdNs", a.ThresholdNs);
        json.WriteNumber("culpritPid", a.CulpritPid);
        json.WriteNumber("suppressedCount", a.SuppressedCount);
        json.WriteNumber("suppressedWorstNs", a.SuppressedWorstNs);
        json.WriteString("ruleId", a.RuleId);
        json.WriteString("keyName", a.KeyName);
        json.WriteString("culpritComm", a.CulpritComm.ToString());
        json.WriteString("host", a.Host);
        json.WriteEndObject();
    }

    /// <summary>A newer publisher may send a severity or metric this build does not know: show its number.</summary>
    private static string SeverityName(AlertSeverity s) =>
        Enum.IsDefined(s) ? s.ToString() : ((byte)s).ToString(CultureInfo.InvariantCulture);

    private static string MetricName(Metric m) =>
        Enum.IsDefined(m) ? m.Name() : ((byte)m).ToString(CultureInfo.InvariantCulture);

    private static string Micros(long ns) => (ns / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + "us";
}
