namespace TradingMon.PerfLab.Results;

/// <summary>
/// The gate's decision for one percentile of one series, from the median-of-runs values of the
/// baseline and of the current run.
/// </summary>
/// <remarks>
/// A change counts only when three things hold at once:
/// <list type="number">
/// <item>the medians differ by more than the ratio the rule allows;</item>
/// <item>they differ by more than the metric's absolute noise floor: on a shared VM a 3 µs p99 that
/// becomes 5 µs is a 1.7x "regression" that means nothing, while 50 µs becoming 500 µs is what the
/// gate exists for;</item>
/// <item>the runs do not overlap: every current run is worse than every baseline run. When the
/// machine's own noise makes one run of the same code swing 5x, the spread of the runs says so,
/// and a change inside that spread is noise. With N runs on each side and no real change, all N
/// landing above all N happens by chance with probability 1/C(2N, N) (5 % for N = 3, 0.4 % for N = 5).</item>
/// </list>
/// The test is symmetric, so "improved" needs the same margins the other way. A percentile needs at
/// least one sample beyond it (p99.9 needs 1000 samples) or it is only the max under another name.
/// </remarks>
public static class Judge
{
    /// <param name="baselineRuns">The percentile's value in each baseline run (ns).</param>
    /// <param name="currentRuns">The percentile's value in each current run (ns).</param>
    public static Verdict Decide(IReadOnlyList<double> baselineRuns, IReadOnlyList<double> currentRuns, long baselineCount, long currentCount,
        double percentile, long minSamples, double maxRatio, long noiseFloorNs)
    {
        if (baselineCount < minSamples || currentCount < minSamples) return Verdict.NotEnoughSamples;
        if (!HasTail(baselineCount, percentile) || !HasTail(currentCount, percentile)) return Verdict.NotEnoughSamples;
        double baseline = Median(baselineRuns), current = Median(currentRuns);
        if (current > baseline * maxRatio && current - baseline > noiseFloorNs && currentRuns.Min() > baselineRuns.Max()) return Verdict.Regressed;
        if (baseline > current * maxRatio && baseline - current > noiseFloorNs && baselineRuns.Min() > currentRuns.Max()) return Verdict.Improved;
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
