using System.Globalization;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Keys;
using TradingMon.Engine;

namespace TradingMon.Cli.Monitor;

/// <summary>One row of the report: a key's tail since start, with its culprits (run-queue rows only).</summary>
public sealed record MonitorRow(string Metric, string Key, HistogramSummary Summary, CulpritReport? Culprits)
{
    /// <summary>"comm[pid] 12x 3456.7µs, ...; worst 3012.4µs by comm[pid]": the top tasks by total delay caused, and the worst single wait's.</summary>
    public string CulpritsText()
    {
        if (Culprits is null) return "";
        var inv = CultureInfo.InvariantCulture;
        var top = Culprits.TopByTotalDelay.Take(MonitorSnapshot.TopCulprits).Select(t => string.Create(inv, $"{t.Comm}[{t.Pid}] {t.Count}x {MonitorSnapshot.Us(t.TotalNs)}µs"));
        string worst = Culprits.Worst is { } w ? string.Create(inv, $"; worst {MonitorSnapshot.Us(w.ValueNs)}µs by {w.Comm}[{w.Pid}]") : "";
        return string.Join(", ", top) + worst;
    }
}

/// <summary>
/// What one report shows, taken once and rendered by both the plain-text report and the live view, so
/// the two can never disagree: every CPU's run-queue row, the worst IRQ, softirq and NIC-queue keys,
/// the engine's event and drop counters and the Aeron feed's. Figures are since start.
/// </summary>
public sealed record MonitorSnapshot(
    TimeSpan Elapsed, IReadOnlyList<MonitorRow> Rows, EngineCounters Counters, long AeronDropped, long AeronNotConnected)
{
    public const string RunQueue = "sched.runq";
    public const int TopKeys = 6, TopCulprits = 3;

    /// <summary>Report order: run-queue first (the product's headline), then the kernel's interrupt work, then the NIC.</summary>
    public static readonly string[] Metrics = [RunQueue, "irq.duration", "softirq.duration", "softirq.latency", "net.txq.latency"];

    public static MonitorSnapshot Take(TimeSpan elapsed, MonitorStats stats, EngineCounters counters, AlertFeed feed)
    {
        var rows = new List<MonitorRow>();
        foreach (string metric in Metrics)
        {
            var keys = stats.Keys.Where(k => k.Metric == metric && k.Summary.Count > 0);
            // Run-queue: every CPU; the others: the worst keys by max, so one screen stays readable.
            if (metric != RunQueue) keys = keys.OrderByDescending(k => k.Summary.MaxNs).Take(TopKeys);
            rows.AddRange(keys.Select(k => new MonitorRow(k.Metric, k.Key, k.Summary, metric == RunQueue ? k.Culprits : null)));
        }
        return new MonitorSnapshot(elapsed, rows, counters, feed.Dropped, feed.NotConnected);
    }

    /// <summary>ns as µs with one decimal, the unit both views print.</summary>
    public static string Us(long ns) => (ns / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>Every loss counter, by the name both views print; any non-zero one means missing data.</summary>
    public IReadOnlyList<(string Name, long Value)> Drops =>
    [
        ("kernel ring", (long)Counters.KernelDropped),
        ("kernel unmeasurable", (long)Counters.KernelLost),
        ("ring try-claim", Counters.RingDropped),
        ("malformed", Counters.ReaderMalformed),
        ("aeron back pressure", AeronDropped),
    ];
}
