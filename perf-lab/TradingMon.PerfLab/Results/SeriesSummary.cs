using HdrHistogram;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Results;

/// <summary>One point of a percentile distribution: the value (ns) at a percentile.</summary>
public sealed record DistributionPoint(double Percentile, double ValueNs);

/// <summary>
/// A series over N runs of a scenario, reduced to what the gate compares and plots: per percentile
/// each run's value and their median, the median sample count, and the median distribution curve.
/// This is the JSON a baseline keeps beside its .hlog files.
/// </summary>
public sealed record SeriesSummary(
    string Metric,
    string Key,
    long Count,
    IReadOnlyList<long> RunCounts,
    IReadOnlyDictionary<string, double> PercentilesNs,
    IReadOnlyDictionary<string, double[]> RunsNs,
    IReadOnlyList<DistributionPoint> Distribution)
{
    /// <summary>Always summarised, whatever the rules ask, so a baseline serves rules added later.</summary>
    public static readonly Percentile[] Standard =
        [new(50), new(90), new(99), new(99.9), new(99.99), Percentile.Max];

    public SeriesId Id => new(Metric, Key);

    /// <summary>Steps of the distribution ladder: four per decade of 1/(1-p), as HdrHistogram's percentile output does with ticks.</summary>
    private const int StepsPerDecade = 4;

    public static SeriesSummary FromRuns(SeriesId id, IReadOnlyList<HistogramBase> runs, IEnumerable<Percentile> ruled)
    {
        var percentiles = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var perRun = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var p in Standard.Concat(ruled).Distinct())
        {
            perRun[p.ToString()] = runs.Select(h => ValueAt(h, p.Value)).ToArray();
            percentiles[p.ToString()] = Judge.Median(perRun[p.ToString()]);
        }

        long count = (long)Judge.Median(runs.Select(h => (double)h.TotalCount).ToArray());
        var distribution = new List<DistributionPoint>();
        for (int step = 0; ; step++)
        {
            double tail = Math.Pow(10, -(double)step / StepsPerDecade); // 1 - p
            if (count * tail < 1) break;
            double p = 100 * (1 - tail);
            distribution.Add(new DistributionPoint(p, Judge.Median(runs.Select(h => ValueAt(h, p)).ToArray())));
        }
        distribution.Add(new DistributionPoint(100, percentiles[Percentile.Max.ToString()]));
        return new SeriesSummary(id.Metric, id.Key, count, runs.Select(h => h.TotalCount).ToArray(), percentiles, perRun, distribution);
    }

    private static double ValueAt(HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? 0 : percentile >= 100 ? h.GetMaxValue() : h.GetValueAtPercentile(percentile);
}
