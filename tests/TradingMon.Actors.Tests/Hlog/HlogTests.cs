using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Hlog;
using TradingMon.Actors.Rules;
using TradingMon.Actors.Tests.Support;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Actors.Tests.Hlog;

/// <summary>
/// .hlog files: UTF-8, invariant numbers, standard headers, V2 compressed histograms with a finished
/// zlib stream. Proven by reading them back (round trip) and by an independent reader, hdr-histogram-js.
/// </summary>
public sealed class HlogTests : TestKit, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tradingmon-hlog-").FullName;
    private readonly ManualClock _clock = new();

    private async Task<(MonitorActors Actors, string Path, IntervalSet Intervals)> RecordAndWriteAsync()
    {
        var actors = MonitorActors.Start(Sys, RuleSet.Empty, new CollectingAlertSink(), Fixture.Options(_clock));
        var r = new Random(42);
        for (int interval = 0; interval < 4; interval++)
        {
            long t = _clock.NowNs;
            var events = new List<KernelEvent>();
            for (int i = 0; i < 3000; i++)
            {
                long tail = r.NextDouble() < 0.01 ? r.NextInt64(1_000_000, 5_000_000_000) : 0; // a few ms-to-s outliers
                events.Add(Events.Runq(i % 2, r.NextInt64(500, 50_000) + tail, t + i));
                if (i % 3 == 0) events.Add(Events.HardIrq(0, 28, "virtio0-input.0", r.NextInt64(800, 20_000), t + i));
                if (i % 5 == 0) events.Add(Events.Softirq(1, SoftirqVector.NET_RX, r.NextInt64(1_000, 90_000), r.NextInt64(100, 3_000), t + i));
            }
            actors.Feed(events.ToArray());
            await actors.TickAsync(_clock);
        }
        string path = Path.Combine(_dir, "tradingmon.hlog");
        var written = await actors.WriteHlogAsync(path);
        var intervals = await actors.Root.Ask<IntervalSet>(GetIntervals.Instance);
        Assert.Equal(5, written.Keys); // sched.runq cpu0, cpu1; irq.duration; softirq.duration and .latency
        Assert.Equal(20, written.Histograms);
        return (actors, path, intervals);
    }

    [Fact]
    public async Task Log_is_utf8_with_invariant_numbers_and_standard_headers()
    {
        var (_, path, _) = await RecordAndWriteAsync();
        byte[] bytes = File.ReadAllBytes(path);
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "UTF-8 BOM present");
        Assert.False(bytes.Length >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE), "UTF-16 BOM present");
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("#[Histogram log format version 1.3]", lines);
        Assert.Matches(@"^#\[StartTime: \d+\.\d{3} \(seconds since epoch\), ", lines.Single(l => l.StartsWith("#[StartTime:")));
        Assert.Matches(@"^#\[BaseTime: \d+\.\d{3} \(seconds since epoch\)\]$", lines.Single(l => l.StartsWith("#[BaseTime:")));
        Assert.Contains("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"", lines);
        var entries = lines.Where(l => l.StartsWith("Tag=")).ToArray();
        Assert.Equal(20, entries.Length);
        foreach (var e in entries) Assert.Matches(@"^Tag=[a-z.]+:[^,\s]+,\d+\.\d{3},1\.000,\d+\.\d{3},[A-Za-z0-9+/=]+$", e);
        Assert.Contains(entries, e => e.StartsWith("Tag=irq.duration:cpu0/virtio0-input.0,"));
        Assert.Contains(entries, e => e.StartsWith("Tag=softirq.latency:cpu1/NET_RX,"));
    }

    [Fact]
    public async Task Round_trip_gives_back_every_interval_bucket_for_bucket()
    {
        var (_, path, intervals) = await RecordAndWriteAsync();
        var read = HlogReader.Read(path).GroupBy(e => e.Tag!).ToDictionary(g => g.Key, g => g.Select(e => e.Histogram).ToArray());
        foreach (var key in intervals.Keys)
        {
            var back = read[HlogWriter.Tag(key.Metric, key.Key)];
            Assert.Equal(key.Intervals.Count, back.Length);
            for (int i = 0; i < back.Length; i++)
            {
                Assert.Equal(key.Intervals[i].Indices.ToArray(), back[i].Indices.ToArray());
                Assert.Equal(key.Intervals[i].Counts.ToArray(), back[i].Counts.ToArray());
                Assert.Equal(1_000_000_000, back[i].EndNs - back[i].StartNs);
            }
        }
    }

    [Fact]
    public void Encoding_round_trips_counts_that_need_long_varints_and_long_zero_runs()
    {
        var layout = new BucketLayout(60_000_000_000, 3);
        var h = SparseHistogram.FromValues(layout, 0, 1, [(1, 1), (2, 300), (1_000_000, 1L << 40), (59_000_000_000, long.MaxValue / 4)]);
        var back = HistogramV2Encoding.DecodeCompressed(HistogramV2Encoding.EncodeCompressed(h));
        Assert.Equal(h.Indices.ToArray(), back.Indices.ToArray());
        Assert.Equal(h.Counts.ToArray(), back.Counts.ToArray());
        // And the layout agrees with HdrHistogram.NET's own counts-array sizing.
        Assert.Equal(new HdrHistogram.LongHistogram(1, 60_000_000_000, 3).BucketCount + 1, layout.CountsLength / layout.SubBucketHalfCount);
    }

    [Fact]
    public async Task Hdr_histogram_js_reads_the_log_and_agrees_with_the_aggregators()
    {
        var (actors, path, _) = await RecordAndWriteAsync();
        var stats = await actors.QueryAsync();
        using var js = JsonDocument.Parse(await HdrHistogramJs.ReadAsync(path));

        Assert.Equal(5, js.RootElement.EnumerateObject().Count());
        foreach (var key in stats.Keys)
        {
            Assert.True(MetricNames.TryParse(key.Metric, out var metric));
            var tag = js.RootElement.GetProperty(HlogWriter.Tag(metric, key.Key));
            Assert.Equal(4, tag.GetProperty("intervals").GetInt32());
            Assert.Equal(key.Summary.Count, tag.GetProperty("count").GetInt64());
            AssertSameBucket(key.Summary.P50Ns, tag.GetProperty("p50").GetInt64(), $"{key.Key} p50");
            AssertSameBucket(key.Summary.P99Ns, tag.GetProperty("p99").GetInt64(), $"{key.Key} p99");
            AssertSameBucket(key.Summary.P999Ns, tag.GetProperty("p999").GetInt64(), $"{key.Key} p99.9");
            AssertSameBucket(key.Summary.MaxNs, tag.GetProperty("max").GetInt64(), $"{key.Key} max");
            // Absolute start times: BaseTime + offset is a wall-clock time of today, not 1970.
            double startSec = tag.GetProperty("firstStartMs").GetDouble() / 1000;
            Assert.InRange(startSec, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        }
    }

    /// <summary>Both report a value equivalent within 3 significant digits (they may pick the bucket's lowest or highest).</summary>
    private static void AssertSameBucket(long expected, long actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1, expected / 1024), $"{what}: aggregators {expected}, hdr-histogram-js {actual}");

    public new void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        base.Dispose();
    }
}
