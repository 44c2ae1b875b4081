using HdrHistogram;

namespace TradingMon.Actors.Histograms;

/// <summary>
/// The recorder's interval histogram: 32-bit counts (one bucket cannot see 2^31 events in an interval),
/// half the footprint of a <see cref="LongHistogram"/> for the two of them every key's recorder holds.
/// A histogram that exposes its counts array by index, so an interval can be
/// copied into a <see cref="SparseHistogram"/> and encoded for .hlog files without HdrHistogram.NET's
/// iterators (which allocate per step) or its log encoder (which leaves the zlib stream unfinished).
/// </summary>
internal sealed class IndexedHistogram : IntHistogram
{
    public IndexedHistogram(long instanceId, long lowestTrackableValue, long highestTrackableValue, int significantDigits)
        : base(instanceId, lowestTrackableValue, highestTrackableValue, significantDigits)
    {
    }

    public long CountAt(int index) => GetCountAtIndex(index);

    /// <summary>Counts-array length, as HdrHistogram sizes it: (buckets + 1) × half a sub-bucket.</summary>
    public int Length => (BucketCount + 1) * (SubBucketCount / 2);
}
