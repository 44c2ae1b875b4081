using Akka.TestKit.Xunit2;
using TradingMon.Actors.Rules;
using TradingMon.Actors.Tests.Support;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>
/// Aggregator percentiles against exact percentiles of the same generated data. HdrHistogram with 3
/// significant digits reports the highest value equivalent to the exact one: within one bucket,
/// whose width is at most value / 1024 here (2048 sub-buckets), so the relative error is ≤ 2^-10.
/// </summary>
public sealed class PercentileAccuracyTests : TestKit
{
    public static TheoryData<string, int> Distributions => new()
    {
        { "uniform", 1 }, { "lognormal", 2 }, { "bimodal", 3 }, { "heavy-tail", 4 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public async Task Percentiles_match_exact_ones_within_hdr_precision(string distribution, int seed)
    {
        var clock = new ManualClock();
        var actors = MonitorActors.Start(Sys, RuleSet.Empty, new CollectingAlertSink(), Fixture.Options(clock));
        var values = Generate(distribution, new Random(seed), 200_000);
        // Spread over 3 intervals so the cumulative histogram is a sum of rotated intervals.
        foreach (var part in values.Chunk(values.Length / 3 + 1))
        {
            var events = part.Select((v, i) => Events.Runq(1, v, clock.NowNs + i)).ToArray();
            actors.Feed(events);
            await actors.TickAsync(clock);
        }
        var stats = (await actors.QueryAsync()).Key("sched.runq", "cpu1").Summary;

        var sorted = values.OrderBy(v => v).ToArray();
        Assert.Equal(sorted.Length, stats.Count);
        AssertClose(sorted[0], stats.MinNs, "min");
        AssertClose(sorted[^1], stats.MaxNs, "max");
        AssertClose(Exact(sorted, 50), stats.P50Ns, "p50");
        AssertClose(Exact(sorted, 90), stats.P90Ns, "p90");
        AssertClose(Exact(sorted, 99), stats.P99Ns, "p99");
        AssertClose(Exact(sorted, 99.9), stats.P999Ns, "p99.9");
        AssertClose(Exact(sorted, 99.99), stats.P9999Ns, "p99.99");
        Assert.InRange(stats.MeanNs, sorted.Average() * (1 - 1.0 / 1024), sorted.Average() * (1 + 1.0 / 1024));
    }

    [Fact]
    public async Task Rolling_window_holds_only_its_last_intervals()
    {
        var clock = new ManualClock();
        var actors = MonitorActors.Start(Sys, RuleSet.Empty, new CollectingAlertSink(), Fixture.Options(clock) with { ReportWindows = [TimeSpan.FromSeconds(3)] });
        for (int second = 1; second <= 5; second++)
        {
            actors.Feed(Enumerable.Range(0, 100).Select(i => Events.Runq(0, second * 1000, clock.NowNs + i)).ToArray());
            await actors.TickAsync(clock);
        }
        var window = (await actors.QueryAsync(TimeSpan.FromSeconds(3))).Key("sched.runq", "cpu0").Summary;
        Assert.Equal(300, window.Count);
        Assert.Equal(3000, window.MinNs);
        Assert.InRange(window.MaxNs, 5000, 5005);
        var all = (await actors.QueryAsync()).Key("sched.runq", "cpu0").Summary;
        Assert.Equal(500, all.Count);
        Assert.Equal(1000, all.MinNs);
    }

    /// <summary>HdrHistogram's rank: the value at count ceil(p/100 · N).</summary>
    private static long Exact(long[] sorted, double p) =>
        sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length - 1e-9) - 1)]; // 99.9/100·200000 is 199800.00000000003 in floating point

    private static void AssertClose(long exact, long reported, string what)
    {
        double tolerance = Math.Max(1, exact / 1024.0);
        Assert.True(Math.Abs(reported - exact) <= tolerance, $"{what}: exact {exact} ns, aggregator {reported} ns, allowed ±{tolerance:F1}");
    }

    private static long[] Generate(string distribution, Random r, int n) => Enumerable.Range(0, n).Select(_ => distribution switch
    {
        "uniform" => r.NextInt64(1_000, 100_000),
        "lognormal" => (long)Math.Exp(8 + 1.5 * Gaussian(r)),
        "bimodal" => r.NextDouble() < 0.9 ? r.NextInt64(2_000, 4_000) : r.NextInt64(200_000, 2_000_000),
        _ => (long)(1_000 / Math.Pow(1 - r.NextDouble(), 1 / 1.2)), // Pareto: a long tail into seconds
    }).Select(v => Math.Clamp(v, 1, 60_000_000_000)).ToArray();

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
