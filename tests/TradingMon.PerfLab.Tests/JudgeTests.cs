using TradingMon.PerfLab.Results;
using Xunit;

namespace TradingMon.PerfLab.Tests;

public class JudgeTests
{
    // 10 000 samples: enough for p99.9 (10 beyond it) and for min_samples 1000.
    private static Verdict Decide(double baseline, double current, double percentile = 99, long count = 10_000, double ratio = 1.25, long floor = 0, long minSamples = 1000) =>
        Judge.Decide([baseline], [current], count, count, percentile, minSamples, ratio, floor);

    [Fact]
    public void Beyond_the_ratio_is_regressed() => Assert.Equal(Verdict.Regressed, Decide(100_000, 126_000));

    [Fact]
    public void At_the_ratio_is_within_noise() => Assert.Equal(Verdict.WithinNoise, Decide(100_000, 125_000));

    [Fact]
    public void Better_by_more_than_the_ratio_is_improved() => Assert.Equal(Verdict.Improved, Decide(126_000, 100_000));

    [Fact]
    public void A_change_under_the_noise_floor_is_within_noise_whatever_the_ratio()
    {
        Assert.Equal(Verdict.WithinNoise, Decide(3_000, 9_000, floor: 20_000));
        Assert.Equal(Verdict.WithinNoise, Decide(9_000, 3_000, floor: 20_000));
        Assert.Equal(Verdict.Regressed, Decide(3_000, 30_000, floor: 20_000));
    }

    [Fact]
    public void Too_few_samples_on_either_side_is_not_enough_samples()
    {
        Assert.Equal(Verdict.NotEnoughSamples, Judge.Decide([100], [1000], 999, 10_000, 99, 1000, 1.25, 0));
        Assert.Equal(Verdict.NotEnoughSamples, Judge.Decide([100], [1000], 10_000, 999, 99, 1000, 1.25, 0));
    }

    [Fact]
    public void A_percentile_with_no_sample_beyond_it_is_not_enough_samples()
    {
        // 500 samples: p99.9 would be the max under another name.
        Assert.Equal(Verdict.NotEnoughSamples, Decide(100, 1000, percentile: 99.9, count: 500, minSamples: 100));
        Assert.Equal(Verdict.Regressed, Decide(100, 1000, percentile: 99.9, count: 1000, minSamples: 100));
        Assert.Equal(Verdict.Regressed, Decide(100, 1000, percentile: 100, count: 100, minSamples: 100));
    }

    [Fact]
    public void Runs_that_overlap_are_within_noise_even_when_the_medians_differ()
    {
        // Medians 100 µs -> 400 µs, but one baseline run already reached 500 µs: the machine's own spread.
        Assert.Equal(Verdict.WithinNoise, Judge.Decide([80_000, 100_000, 500_000], [300_000, 400_000, 450_000], 10_000, 10_000, 99, 1000, 1.25, 0));
        Assert.Equal(Verdict.Regressed, Judge.Decide([80_000, 100_000, 120_000], [300_000, 400_000, 450_000], 10_000, 10_000, 99, 1000, 1.25, 0));
        Assert.Equal(Verdict.WithinNoise, Judge.Decide([300_000, 400_000, 450_000], [80_000, 100_000, 500_000], 10_000, 10_000, 99, 1000, 1.25, 0));
        Assert.Equal(Verdict.Improved, Judge.Decide([300_000, 400_000, 450_000], [80_000, 100_000, 120_000], 10_000, 10_000, 99, 1000, 1.25, 0));
    }

    [Theory]
    [InlineData(3, 3, 0)] // P(U = 0) = 1/20 already exceeds 1 %: 0 is the floor
    [InlineData(5, 5, 1)] // P(U <= 1) = 2/252, P(U <= 2) = 4/252
    [InlineData(10, 10, 19)]
    public void Allowed_crossings_follow_the_exact_mann_whitney_distribution(int m, int n, int expected) =>
        Assert.Equal(expected, Judge.AllowedCrossings(m, n));

    [Fact]
    public void With_five_runs_a_side_one_crossing_pair_is_allowed_but_two_are_not()
    {
        double[] quiet = [100_000, 110_000, 120_000, 105_000, 115_000];
        double[] worse = [400_000, 420_000, 380_000, 410_000, 390_000];
        Assert.Equal(Verdict.Regressed, Judge.Decide(quiet, worse, 10_000, 10_000, 99, 1000, 1.25, 0));
        double[] oneCrossing = [100_000, 110_000, 385_000, 105_000, 115_000]; // above the best current run only
        Assert.Equal(1, Judge.Crossings(oneCrossing, worse));
        Assert.Equal(Verdict.Regressed, Judge.Decide(oneCrossing, worse, 10_000, 10_000, 99, 1000, 1.25, 0));
        Assert.Equal(Verdict.Improved, Judge.Decide(worse, oneCrossing, 10_000, 10_000, 99, 1000, 1.25, 0));
        double[] twoCrossings = [100_000, 110_000, 395_000, 105_000, 115_000];
        Assert.Equal(2, Judge.Crossings(twoCrossings, worse));
        Assert.Equal(Verdict.WithinNoise, Judge.Decide(twoCrossings, worse, 10_000, 10_000, 99, 1000, 1.25, 0));
    }

    [Fact]
    public void Zero_baseline_keeps_the_ratio_finite() => Assert.Equal(5000, Judge.Ratio(0, 5000));

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 5, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 100 }, 3.5)]
    public void Median_of_runs(double[] values, double expected) => Assert.Equal(expected, Judge.Median(values));
}
