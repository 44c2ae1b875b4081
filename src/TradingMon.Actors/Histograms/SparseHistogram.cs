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
    private int[] _indices;
    private long[] _counts;
    private int _length;
    // Accumulators only: the merge target, swapped with the live arrays after each merge.
    private int[] _spareIndices = [];
    private long[] _spareCounts = [];

    private SparseHistogram(long startNs, long endNs, int[] indices, long[] counts, long totalCount, BucketLayout layout)
    {
        StartNs = startNs;
        EndNs = endNs;
        _indices = indices;
        _counts = counts;
        _length = indices.Length;
        TotalCount = totalCount;
        Layout = layout;
    }

    /// <summary>CLOCK_MONOTONIC ns at the start and end of the interval.</summary>
    public long StartNs { get; private set; }
    public long EndNs { get; private set; }
    public long TotalCount { get; private set; }
    public BucketLayout Layout { get; }
    public int NonZeroBuckets => _length;
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, _length);
    public ReadOnlySpan<long> Counts => _counts.AsSpan(0, _length);

    /// <summary>Lowest equivalent value of the smallest recorded bucket; 0 when empty.</summary>
    public long MinNs => _length == 0 ? 0 : Layout.ValueAt(_indices[0]);

    /// <summary>Highest equivalent value of the largest recorded bucket (HdrHistogram's max); 0 when empty.</summary>
    public long MaxNs => _length == 0 ? 0 : Layout.ValueAt(_indices[_length - 1] + 1) - 1;

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
    /// An accumulator: the one kind of instance that changes, through <see cref="Accumulate"/>, by its
    /// single owner (an aggregator's cumulative histogram and windows). Instances handed out (intervals,
    /// query results) never change.
    /// </summary>
    internal static SparseHistogram NewAccumulator(BucketLayout layout, long startNs) => new(startNs, startNs, [], [], 0, layout);

    /// <summary>
    /// Adds (or, with <paramref name="subtract"/>, removes) <paramref name="other"/>'s counts, bucket by
    /// bucket: a merge of two sorted lists into the spare arrays, which then become the live ones. Once the
    /// arrays have grown to the number of buckets in use, a merge allocates nothing, so the per-second
    /// tick of thousands of keys does not feed the GC (whose pauses would stop the ring consumer too).
    /// </summary>
    internal void Accumulate(SparseHistogram other, bool subtract, long startNs, long endNs)
    {
        int capacity = _length + other._length;
        if (_spareIndices.Length < capacity)
        {
            _spareIndices = new int[capacity * 2];
            _spareCounts = new long[capacity * 2];
        }
        int[] ai = _indices, bi = other._indices, oi = _spareIndices;
        long[] ac = _counts, bc = other._counts, oc = _spareCounts;
        long sign = subtract ? -1 : 1, total = 0;
        int i = 0, j = 0, n = 0;
        while (i < _length || j < other._length)
        {
            int index;
            long count;
            if (j == other._length || (i < _length && ai[i] < bi[j])) { index = ai[i]; count = ac[i++]; }
            else if (i == _length || bi[j] < ai[i]) { index = bi[j]; count = sign * bc[j++]; }
            else { index = ai[i]; count = ac[i++] + sign * bc[j++]; }
            if (count < 0) throw new InvalidOperationException($"subtracting an interval that was never added (bucket {index})");
            if (count == 0) continue;
            oi[n] = index;
            oc[n++] = count;
            total += count;
        }
        (_spareIndices, _indices) = (_indices, oi);
        (_spareCounts, _counts) = (_counts, oc);
        _length = n;
        TotalCount = total;
        StartNs = startNs;
        EndNs = endNs;
    }

    /// <summary>The sum of <paramref name="intervals"/> as a new histogram.</summary>
    public static SparseHistogram Sum(BucketLayout layout, IReadOnlyList<SparseHistogram> intervals)
    {
        var sum = NewAccumulator(layout, intervals.Count == 0 ? 0 : intervals[0].StartNs);
        foreach (var i in intervals) sum.Accumulate(i, subtract: false, sum.StartNs, i.EndNs);
        return sum;
    }

    /// <summary>HdrHistogram's value at percentile <paramref name="percentile"/> (0–100); 0 when empty.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (TotalCount == 0) return 0;
        // Rank ceil(p/100 · N), nudged down so 99.9 % of 200 000 is rank 199 800, not 199 801 (binary fractions).
        long rank = Math.Clamp((long)Math.Ceiling(percentile / 100 * TotalCount - 1e-9), 1, TotalCount);
        long seen = 0;
        for (int j = 0; j < _length; j++)
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
            for (int j = 0; j < _length; j++)
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
