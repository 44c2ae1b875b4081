using System.Globalization;
using ScottPlot;
using TradingMon.PerfLab.Results;

namespace TradingMon.PerfLab.Report;

/// <summary>
/// Percentile-distribution plot of baseline against current, drawn the way HdrHistogram's plotter
/// draws it: x is 1/(1-percentile) on a log scale, so 90 %, 99 %, 99.9 % … are evenly spaced and
/// the tail gets as much room as the median. ScottPlot has no log axis, so x is plotted as
/// log10(1/(1-p)) with ticks labelled in percent.
/// </summary>
public static class PercentilePlot
{
    public static void Save(string path, string title, SeriesSummary? baseline, SeriesSummary current)
    {
        var plot = new Plot();
        if (baseline is not null) AddCurve(plot, baseline, "baseline", Colors.Gray);
        AddCurve(plot, current, "current", Colors.OrangeRed);

        double decades = Math.Max(Decades(current), baseline is null ? 0 : Decades(baseline));
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int d = 0; d <= Math.Ceiling(decades); d++) ticks.AddMajor(d, TickLabel(d));
        plot.Axes.Bottom.TickGenerator = ticks;
        // A little room past the last tick so its label is not cut at the image's edge.
        plot.Axes.SetLimitsX(0, Math.Max(1, Math.Ceiling(decades)) + 0.2);
        plot.Axes.SetLimitsY(0, Math.Max(MaxValueUs(current), baseline is null ? 0 : MaxValueUs(baseline)) * 1.1 + 1);

        plot.Title(title);
        plot.XLabel("percentile");
        plot.YLabel("latency (µs)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }

    private static void AddCurve(Plot plot, SeriesSummary s, string label, Color color)
    {
        var xs = s.Distribution.Select(p => X(p.Percentile, s.Count)).ToArray();
        var ys = s.Distribution.Select(p => p.ValueNs / 1000.0).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = $"{label} (n={s.Count})";
        line.LineWidth = 2;
    }

    /// <summary>log10(1/(1-p)); the max sits at 1/(1-p) = count, where one sample is all the tail there is.</summary>
    private static double X(double percentile, long count) =>
        percentile >= 100 ? Math.Log10(Math.Max(count, 1)) : Math.Log10(1 / (1 - percentile / 100));

    private static double Decades(SeriesSummary s) => Math.Log10(Math.Max(s.Count, 1));

    private static double MaxValueUs(SeriesSummary s) => s.Distribution.Count == 0 ? 0 : s.Distribution.Max(p => p.ValueNs) / 1000.0;

    private static string TickLabel(int decade) => decade switch
    {
        0 => "0%",
        1 => "90%",
        _ => (100 - 100 * Math.Pow(10, -decade)).ToString("0.#########", CultureInfo.InvariantCulture) + "%",
    };
}
