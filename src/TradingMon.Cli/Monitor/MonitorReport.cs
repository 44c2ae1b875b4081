using System.Globalization;
using System.Text;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The plain-text periodic report (--no-tui, or stdout not a terminal) of a <see cref="MonitorSnapshot"/>:
/// per-CPU run-queue tails with top culprits, the worst IRQ, softirq and NIC-queue keys, alerts, and every
/// drop counter. The final report at exit is always this one, so logs and pipes get it either way.
/// </summary>
public static class MonitorReport
{
    public static string Format(MonitorSnapshot snapshot)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var c = snapshot.Counters;
        sb.AppendLine(inv, $"--- tradingmon monitor  t={snapshot.Elapsed.TotalSeconds:F0}s  (since start; values in µs)");
        sb.AppendLine(inv, $"    {"metric",-17} {"key",-28} {"count",10} {"p50",9} {"p99",9} {"p99.9",9} {"max",9}");
        foreach (var row in snapshot.Rows)
        {
            var s = row.Summary;
            sb.AppendLine(inv, $"    {row.Metric,-17} {row.Key,-28} {s.Count,10} {Us(s.P50Ns),9} {Us(s.P99Ns),9} {Us(s.P999Ns),9} {Us(s.MaxNs),9}");
            if (row.Culprits is not null) sb.AppendLine(inv, $"      culprits: {row.CulpritsText()}");
        }
        sb.AppendLine(inv, $"    events: kernel seen {c.KernelSeen} streamed {c.KernelStreamed} below-min {c.KernelBelowMin}; recorded {c.Recorded}");
        sb.AppendLine(inv, $"    drops: {string.Join(", ", snapshot.Drops.Select(d => string.Create(inv, $"{d.Name} {d.Value}")))}");
        sb.Append(inv, $"    alerts sent {c.AlertsSent} (no subscriber connected for {snapshot.AeronNotConnected}); actor restarts {c.Restarts}");
        return sb.ToString();
    }

    private static string Us(long ns) => MonitorSnapshot.Us(ns);
}
