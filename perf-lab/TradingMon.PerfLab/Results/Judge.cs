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
/// <item>the runs barely overlap: a one-sided Mann–Whitney rank test on the runs. U counts the
/// (baseline run, current run) pairs where the current run is not the worse one (a tie counts a
/// half). When the machine's own noise makes one run of the same code swing 5x, the spread of the
/// runs says so, and a change inside that spread is noise. U may be at most the largest value whose
/// chance under "no change" is within 1 %, and 0 is always allowed: with 3 runs a side that is U = 0
/// (every current run worse than every baseline run, chance 1/20); with 5 a side U ≤ 1 (2/252): the
/// worst baseline run may edge past the best current run.</item>
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
        double allowedU = AllowedCrossings(baselineRuns.Count, currentRuns.Count);
        if (current > baseline * maxRatio && current - baseline > noiseFloorNs && Crossings(baselineRuns, currentRuns) <= allowedU) return Verdict.Regressed;
        if (baseline > current * maxRatio && baseline - current > noiseFloorNs && Crossings(currentRuns, baselineRuns) <= allowedU) return Verdict.Improved;
        return Verdict.WithinNoise;
    }

    /// <summary>Mann–Whitney U of "higher is worse": pairs where <paramref name="worse"/>'s run is not above <paramref name="better"/>'s.</summary>
    public static double Crossings(IReadOnlyList<double> better, IReadOnlyList<double> worse)
    {
        double u = 0;
        foreach (double b in better)
            foreach (double w in worse)
                u += w < b ? 1 : w == b ? 0.5 : 0;
        return u;
    }

    /// <summary>
    /// The largest U whose one-sided chance under "no change", P(U ≤ u), is at most 1 % (0 at least),
    /// from the exact distribution: the number of orderings of m and n runs with U = u follows
    /// f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u).
    /// </summary>
    public static int AllowedCrossings(int m, int n)
    {
        var counts = new double[m + 1, n + 1, m * n + 1];
        for (int i = 0; i <= m; i++)
            for (int j = 0; j <= n; j++)
                for (int u = 0; u <= i * j; u++)
                    counts[i, j, u] = i == 0 || j == 0 ? (u == 0 ? 1 : 0)
                        : (u >= j ? counts[i - 1, j, u - j] : 0) + counts[i, j - 1, u];
        double total = 0;
        for (int u = 0; u <= m * n; u++) total += counts[m, n, u];
        double cumulative = 0;
        int allowed = 0;
        for (int u = 0; u <= m * n; u++)
        {
            cumulative += counts[m, n, u];
            if (cumulative / total > 0.01) break;
            allowed = u;
        }
        return allowed;
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
