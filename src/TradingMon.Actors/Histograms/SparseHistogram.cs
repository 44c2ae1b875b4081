using HdrHistogram;

namespace TradingMon.Actors.Histograms;

/// <summary>
/// One immutable interval histogram kept compactly: only the non-zero counts, by counts-array index.
/// A busy second of run-queue latencies touches a few hundred of the ~25 000 buckets, so an
/// aggregator can retain minutes of intervals (for rolling windows and .hlog files) in kilobytes
/// instead of 200 KB per interval.
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

    /// <summary>Adds this interval's counts to <paramref name="target"/> (a window or the cumulative histogram).</summary>
    public void AddTo(HistogramBase target)
    {
        for (int j = 0; j < _indices.Length; j++) target.RecordValueWithCount(Layout.ValueAt(_indices[j]), _counts[j]);
    }
}
