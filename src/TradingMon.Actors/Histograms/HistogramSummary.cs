using HdrHistogram;

namespace TradingMon.Actors.Histograms;

/// <summary>
/// What a latency engineer reads off a histogram, in ns. Percentiles are HdrHistogram's: the
/// highest value equivalent (within 3 significant digits) to the recorded value at that rank.
/// </summary>
public sealed record HistogramSummary(
    long Count, long MinNs, double MeanNs, long P50Ns, long P90Ns, long P99Ns, long P999Ns, long P9999Ns, long MaxNs)
{
    public static readonly HistogramSummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>HdrHistogram.NET keeps no minimum, so the caller passes the one it tracked.</summary>
    public static HistogramSummary From(HistogramBase h, long minNs)
    {
        if (h.TotalCount == 0) return Empty;
        return new HistogramSummary(
            h.TotalCount, minNs, h.GetMean(),
            h.GetValueAtPercentile(50), h.GetValueAtPercentile(90), h.GetValueAtPercentile(99),
            h.GetValueAtPercentile(99.9), h.GetValueAtPercentile(99.99), h.GetMaxValue());
    }
}
