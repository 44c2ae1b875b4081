using System.Numerics;

namespace TradingMon.Actors.Histograms;

/// <summary>
/// HdrHistogram's counts-array layout for lowest discernible value 1: which value each counts index
/// stands for. The same arithmetic every HdrHistogram implementation uses, needed to rebuild windows
/// from sparse intervals and to write the V2 encoding (which is the counts array itself).
/// </summary>
public readonly struct BucketLayout
{
    public BucketLayout(long highestTrackableValue, int significantDigits)
    {
        long largestSingleUnitResolution = 2 * (long)Math.Pow(10, significantDigits);
        int subBucketCountMagnitude = (int)Math.Ceiling(Math.Log2(largestSingleUnitResolution));
        SubBucketHalfCountMagnitude = Math.Max(subBucketCountMagnitude, 1) - 1;
        SubBucketCount = 1 << (SubBucketHalfCountMagnitude + 1);
        SubBucketHalfCount = SubBucketCount / 2;
        HighestTrackableValue = highestTrackableValue;
        SignificantDigits = significantDigits;
        int buckets = 1;
        for (long smallestUntrackable = SubBucketCount; smallestUntrackable <= highestTrackableValue; smallestUntrackable <<= 1) buckets++;
        CountsLength = (buckets + 1) * SubBucketHalfCount;
    }

    public int SubBucketHalfCountMagnitude { get; }
    public int SubBucketCount { get; }
    public int SubBucketHalfCount { get; }
    public long HighestTrackableValue { get; }
    public int SignificantDigits { get; }
    public int CountsLength { get; }

    /// <summary>Counts index of a value (unit magnitude 0).</summary>
    public int IndexOf(long value)
    {
        int bucket = 64 - (SubBucketHalfCountMagnitude + 1) - BitOperations.LeadingZeroCount(((ulong)value | (uint)(SubBucketCount - 1)));
        int subBucket = (int)(value >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + (subBucket - SubBucketHalfCount);
    }

    /// <summary>The lowest value that lands in counts index <paramref name="index"/>.</summary>
    public long ValueAt(int index)
    {
        int bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        int subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= SubBucketHalfCount;
            bucket = 0;
        }
        return (long)subBucket << bucket;
    }
}
