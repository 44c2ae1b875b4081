namespace TradingMon.Actors.Histograms;

/// <summary>
/// What a latency engineer reads off a histogram, in ns. Percentiles are HdrHistogram's: the
/// highest value equivalent (within 3 significant digits) to the recorded value at that rank.
/// </summary>
public sealed record HistogramSummary(
    long Count, long MinNs, double MeanNs, long P50Ns, long P90Ns, long P99Ns, long P999Ns, long P9999Ns, long MaxNs)
{
    public static readonly HistogramSummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
