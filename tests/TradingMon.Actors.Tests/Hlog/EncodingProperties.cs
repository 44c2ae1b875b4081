using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Hlog;

namespace TradingMon.Actors.Tests.Hlog;

/// <summary>Properties of the bucket layout and the V2 encoding, over generated values and counts.</summary>
public sealed class EncodingProperties
{
    private static readonly BucketLayout Layout = new(60_000_000_000, 3);

    [Property(MaxTest = 300)]
    public bool Every_value_lands_in_a_bucket_whose_lowest_value_maps_back_to_it(PositiveInt seed)
    {
        long value = Math.Max(1, (long)(Math.Pow(60_000_000_000, new Random(seed.Get).NextDouble())));
        int index = Layout.IndexOf(value);
        long low = Layout.ValueAt(index);
        return Layout.IndexOf(low) == index && low <= value && value < Layout.ValueAt(index + 1)
               && value - low <= Math.Max(0, value / 1024); // 3 significant digits
    }

    [Property(MaxTest = 100)]
    public Property Compressed_encoding_round_trips_any_histogram() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Zip(Gen.Choose(0, 35).Select(e => 1L << e), Gen.Choose(1, 1_000_000).Select(c => (long)c))).ToArbitrary(),
            pairs =>
            {
                var h = SparseHistogram.FromValues(Layout, 0, 1, pairs.Select(p => (Math.Min(p.Item1, 60_000_000_000), p.Item2)));
                var back = HistogramV2Encoding.DecodeCompressed(HistogramV2Encoding.EncodeCompressed(h));
                return h.Indices.SequenceEqual(back.Indices) && h.Counts.SequenceEqual(back.Counts) && h.TotalCount == back.TotalCount;
            });
}
