using HdrHistogram;

namespace TradingMon.Actors.Histograms;

/// <summary>
/// A <see cref="LongHistogram"/> that exposes its counts array by index, so an interval can be
/// copied into a <see cref="SparseHistogram"/> and encoded for .hlog files without HdrHistogram.NET's
/// iterators (which allocate per step) or its log encoder (which leaves the zlib stream unfinished).
/// </summary>
internal sealed class IndexedHistogram : LongHistogram
{
    public IndexedHistogram(long instanceId, long lowestTrackableValue, long highestTrackableValue, int significantDigits)
        : base(instanceId, lowestTrackableValue, highestTrackableValue, significantDigits)
    {
    }

    public long CountAt(int index) => GetCountAtIndex(index);

    /// <summary>Counts-array length, as HdrHistogram sizes it: (buckets + 1) × half a sub-bucket.</summary>
    public int Length => (BucketCount + 1) * (SubBucketCount / 2);
}
