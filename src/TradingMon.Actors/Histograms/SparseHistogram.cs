namespace TradingMon.Actors.Histograms;

/// <summary>
/// An immutable histogram kept compactly: only the non-zero counts, by HdrHistogram counts-array
/// index. A busy second of run-queue latencies touches a few hundred of the ~27 000 buckets, so an
/// aggregator keeps minutes of intervals, its rolling windows and its cumulative histogram in
/// kilobytes instead of 200 KB per dense histogram (which matters with thousands of keys on a big box).
/// Windows are maintained incrementally: add the newest interval, subtract the one that left.
/// Statistics follow HdrHistogram's definitions: a percentile is the highest value equivalent to the
/// value at rank ceil(p/100 · count); max is the highest equivalent value of the largest bucket; mean
/// uses each bucket's median equivalent value.
/// </summary>
public sealed class SparseHistogram
{
    private readonly int[] _indices;
    private readonly long[] _counts;

    private SparseHistogram(long startNs, long endNs, int[] indices, long[] counts, long totalCount, BucketLayout layout)
    {
        StartNs = startNs;
        EndNs = endNs;
        _indices = indices;
        _counts = counts;
        TotalCount = totalCount;
        Layout = layout;
    }

    /// <summary>CLOCK_MONOTONIC ns at the start and end of the interval.</summary>
    public long StartNs { get; }
    public long EndNs { get; }
    public long TotalCount { get; }
    public BucketLayout Layout { get; }
    public int NonZeroBuckets => _indices.Length;
    public ReadOnlySpan<int> Indices => _indices;
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Lowest equivalent value of the smallest recorded bucket; 0 when empty.</summary>
    public long MinNs => _indices.Length == 0 ? 0 : Layout.ValueAt(_indices[0]);

    /// <summary>Highest equivalent value of the largest recorded bucket (HdrHistogram's max); 0 when empty.</summary>
    public long MaxNs => _indices.Length == 0 ? 0 : Layout.ValueAt(_indices[^1] + 1) - 1;

    internal static SparseHistogram From(IndexedHistogram h, BucketLayout layout, long startNs, long endNs)
    {
        int n = 0;
        int length = h.Length;
        for (int i = 0; i < length; i++) if (h.CountAt(i) != 0) n++;
        var indices = new int[n];
        var counts = new long[n];
        long total = 0;
        for (int i = 0, j = 0; i < length && j < n; i++)
        {
            long c = h.CountAt(i);
            if (c == 0) continue;
            indices[j] = i;
            counts[j++] = c;
            total += c;
        }
        return new SparseHistogram(startNs, endNs, indices, counts, total, layout);
    }

    /// <summary>Builds one from (value, count) pairs; for tests and tools that synthesise intervals.</summary>
    public static SparseHistogram FromValues(BucketLayout layout, long startNs, long endNs, IEnumerable<(long Value, long Count)> values)
    {
        var byIndex = new SortedDictionary<int, long>();
        foreach (var (v, c) in values)
        {
            int i = layout.IndexOf(v);
            byIndex[i] = byIndex.GetValueOrDefault(i) + c;
        }
        return new SparseHistogram(startNs, endNs, byIndex.Keys.ToArray(), byIndex.Values.ToArray(), byIndex.Values.Sum(), layout);
    }

    /// <summary>An empty histogram spanning [<paramref name="startNs"/>, <paramref name="endNs"/>].</summary>
    public static SparseHistogram Empty(BucketLayout layout, long startNs, long endNs) => new(startNs, endNs, [], [], 0, layout);

    /// <summary>
    /// <paramref name="a"/> plus (or, with <paramref name="subtract"/>, minus) <paramref name="b"/>, bucket by
    /// bucket; a merge of two sorted lists. Subtracting an interval that was added earlier leaves no negative count.
    /// </summary>
    public static SparseHistogram Combine(SparseHistogram a, SparseHistogram b, bool subtract, long startNs, long endNs)
    {
        var indices = new List<int>(a._indices.Length + b._indices.Length);
        var counts = new List<long>(indices.Capacity);
        long sign = subtract ? -1 : 1, total = 0;
        int i = 0, j = 0;
        while (i < a._indices.Length || j < b._indices.Length)
        {
            int index;
            long count;
            if (j == b._indices.Length || (i < a._indices.Length && a._indices[i] < b._indices[j])) { index = a._indices[i]; count = a._counts[i++]; }
            else if (i == a._indices.Length || b._indices[j] < a._indices[i]) { index = b._indices[j]; count = sign * b._counts[j++]; }
            else { index = a._indices[i]; count = a._counts[i++] + sign * b._counts[j++]; }
            if (count < 0) throw new InvalidOperationException($"subtracting an interval that was never added (bucket {index})");
            if (count == 0) continue;
            indices.Add(index);
            counts.Add(count);
            total += count;
        }
        return new SparseHistogram(startNs, endNs, indices.ToArray(), counts.ToArray(), total, a.Layout);
    }

    /// <summary>The same counts over another time span (a window after it moved).</summary>
    public SparseHistogram WithSpan(long startNs, long endNs) => new(startNs, endNs, _indices, _counts, TotalCount, Layout);

    /// <summary>HdrHistogram's value at percentile <paramref name="percentile"/> (0–100); 0 when empty.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (TotalCount == 0) return 0;
        // Rank ceil(p/100 · N), nudged down so 99.9 % of 200 000 is rank 199 800, not 199 801 (binary fractions).
        long rank = Math.Clamp((long)Math.Ceiling(percentile / 100 * TotalCount - 1e-9), 1, TotalCount);
        long seen = 0;
        for (int j = 0; j < _indices.Length; j++)
        {
            seen += _counts[j];
            if (seen >= rank) return Layout.ValueAt(_indices[j] + 1) - 1;
        }
        return MaxNs;
    }

    /// <summary>Mean over each bucket's median equivalent value; 0 when empty.</summary>
    public double MeanNs
    {
        get
        {
            if (TotalCount == 0) return 0;
            double sum = 0;
            for (int j = 0; j < _indices.Length; j++)
            {
                long low = Layout.ValueAt(_indices[j]), width = Layout.ValueAt(_indices[j] + 1) - low;
                sum += (double)_counts[j] * (low + width / 2);
            }
            return sum / TotalCount;
        }
    }

    public HistogramSummary Summary() => TotalCount == 0
        ? HistogramSummary.Empty
        : new HistogramSummary(TotalCount, MinNs, MeanNs, ValueAtPercentile(50), ValueAtPercentile(90), ValueAtPercentile(99),
            ValueAtPercentile(99.9), ValueAtPercentile(99.99), MaxNs);
}
