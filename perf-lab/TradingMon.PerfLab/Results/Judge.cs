namespace TradingMon.PerfLab.Results;

/// <summary>
/// The gate's decision for one percentile of one series, from the median-of-runs values of the
/// baseline and of the current run.
/// </summary>
/// <remarks>
/// A change counts only when it is beyond both the ratio the rule allows and the metric's absolute
/// noise floor: on a shared VM a 3 µs p99 that becomes 5 µs is a 1.7x "regression" that means
/// nothing, while 50 µs becoming 500 µs is what the gate exists for. The test is symmetric, so
/// "improved" needs the same margin the other way. A percentile needs at least one sample beyond it
/// (p99.9 needs 1000 samples) or it is only the max under another name.
/// </remarks>
public static class Judge
{
    public static Verdict Decide(double baseline, double current, long baselineCount, long currentCount,
        double percentile, long minSamples, double maxRatio, long noiseFloorNs)
    {
        if (baselineCount < minSamples || currentCount < minSamples) return Verdict.NotEnoughSamples;
        if (!HasTail(baselineCount, percentile) || !HasTail(currentCount, percentile)) return Verdict.NotEnoughSamples;
        if (current > baseline * maxRatio && current - baseline > noiseFloorNs) return Verdict.Regressed;
        if (baseline > current * maxRatio && baseline - current > noiseFloorNs) return Verdict.Improved;
        return Verdict.WithinNoise;
    }

    /// <summary>current/baseline, with a zero baseline read as 1 ns so the ratio stays finite.</summary>
    public static double Ratio(double baseline, double current) => current / Math.Max(baseline, 1);

    private static bool HasTail(long count, double percentile) =>
        percentile >= 100 || count * (1 - percentile / 100) >= 1 - 1e-9;

    /// <summary>The median of a small set of values (mean of the middle two when even): each run's figure for one percentile.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("median of no values", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
