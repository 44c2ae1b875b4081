using System.Globalization;
using System.Text;
using TradingMon.Actors.Actors;
using TradingMon.Engine;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The plain-text periodic report (--no-tui): per-CPU run-queue tails with top culprits, the worst IRQ,
/// softirq and NIC-queue keys, alerts, and every drop counter. Figures are since start.
/// </summary>
public static class MonitorReport
{
    private const int TopKeys = 6, TopCulprits = 3;

    public static string Format(TimeSpan elapsed, MonitorStats stats, EngineCounters c, AlertFeed feed)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"--- tradingmon monitor  t={elapsed.TotalSeconds:F0}s  (since start; values in µs)");
        sb.AppendLine(inv, $"    {"metric",-17} {"key",-28} {"count",10} {"p50",9} {"p99",9} {"p99.9",9} {"max",9}");
        foreach (string metric in new[] { "sched.runq", "irq.duration", "softirq.duration", "softirq.latency", "net.txq.latency" })
        {
            var keys = stats.Keys.Where(k => k.Metric == metric && k.Summary.Count > 0);
            // Run-queue: every CPU; the others: the worst keys by max, so one screen stays readable.
            if (metric != "sched.runq") keys = keys.OrderByDescending(k => k.Summary.MaxNs).Take(TopKeys);
            foreach (var k in keys)
            {
                var s = k.Summary;
                sb.AppendLine(inv, $"    {metric,-17} {k.Key,-28} {s.Count,10} {Us(s.P50Ns),9} {Us(s.P99Ns),9} {Us(s.P999Ns),9} {Us(s.MaxNs),9}");
                if (metric == "sched.runq")
                {
                    var top = k.Culprits.TopByTotalDelay.Take(TopCulprits).Select(t => string.Create(inv, $"{t.Comm}[{t.Pid}] {t.Count}x {Us(t.TotalNs)}µs"));
                    sb.AppendLine(inv, $"      culprits: {string.Join(", ", top)}{(k.Culprits.Worst is { } w ? string.Create(inv, $"; worst {Us(w.ValueNs)}µs by {w.Comm}[{w.Pid}]") : "")}");
                }
            }
        }
        sb.AppendLine(inv, $"    events: kernel seen {c.KernelSeen} streamed {c.KernelStreamed} below-min {c.KernelBelowMin}; recorded {c.Recorded}");
        sb.AppendLine(inv, $"    drops: kernel ring {c.KernelDropped}, kernel unmeasurable {c.KernelLost}, ring try-claim {c.RingDropped}, malformed {c.ReaderMalformed}, aeron back pressure {feed.Dropped}");
        sb.Append(inv, $"    alerts sent {c.AlertsSent} (no subscriber connected for {feed.NotConnected}); actor restarts {c.Restarts}");
        return sb.ToString();
    }

    private static string Us(long ns) => (ns / 1000.0).ToString("F1", CultureInfo.InvariantCulture);
}
