using System.Globalization;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Report;

/// <summary>The verdict table as the terminal shows it: aligned columns, latencies in readable units.</summary>
public static class TerminalTable
{
    public static readonly string[] Header = ["scenario", "metric", "key", "pct", "baseline", "current", "ratio", "limit", "verdict"];

    public static string[] Cells(ComparisonRow r) =>
    [
        r.Scenario, r.Metric, r.Key, r.Percentile, Quantity.FormatNs(r.Baseline), Quantity.FormatNs(r.Current),
        r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x", r.Limit.ToString("0.00", CultureInfo.InvariantCulture) + "x", r.Verdict,
    ];

    public static void Write(TextWriter w, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header.ToArray()).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            w.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }
}
