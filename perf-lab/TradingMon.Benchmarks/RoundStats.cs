namespace TradingMon.Benchmarks;

/// <summary>Reduces a harness's repeated rounds to one figure.</summary>
public static class RoundStats
{
    /// <summary>The median of the rounds (mean of the middle two when even); the input is not reordered.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("median of no rounds", nameof(values));
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
