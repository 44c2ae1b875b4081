using TradingMon.Actors.Histograms;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Actors;

/// <summary>
/// Everything an aggregator owns, kept outside the actor instance so a restarted aggregator carries
/// on with the same cumulative histogram, retained intervals, windows and rule states.
/// Touched only by the aggregator (one message at a time), except the recorder inside
/// <see cref="Key"/>, whose writer is the ring consumer.
/// </summary>
/// <remarks>
/// Memory per key: the recorder's two dense 32-bit interval histograms (~107 KB each at the 60 s
/// range) plus sparse data (a few KB per retained interval at most); windows and the cumulative
/// histogram are sparse too.
/// </remarks>
internal sealed class AggregatorState
{
    private readonly MonitorOptions _options;
    private readonly BucketLayout _layout;
    private readonly List<SparseHistogram> _intervals = []; // oldest first
    private readonly Dictionary<int, SparseHistogram> _windows = []; // accumulators, by length in intervals
    private readonly SparseHistogram _cumulative;
    private IndexedHistogram? _recycled;
    private long _intervalStartNs;

    public AggregatorState(KeySeries key, MonitorOptions options)
    {
        Key = key;
        _options = options;
        _layout = new BucketLayout(options.HighestTrackableNs, MonitorOptions.SignificantDigits);
        _intervalStartNs = key.CreatedNs;
        _cumulative = SparseHistogram.NewAccumulator(_layout, key.CreatedNs);
        var lengths = options.ReportWindows.Concat(key.WindowedRules.Select(r => r.Rule.Window)).Select(IntervalsIn).Distinct();
        foreach (int n in lengths) _windows[n] = SparseHistogram.NewAccumulator(_layout, key.CreatedNs);
    }

    public KeySeries Key { get; }
    public IReadOnlyList<SparseHistogram> Intervals => _intervals;

    /// <summary>
    /// Interval boundary: swap the recorder's interval histogram out (the ring consumer goes on
    /// recording into the other one), keep it as a sparse interval, add it to the cumulative
    /// histogram and the windows (subtracting the interval each window lost), evaluate windowed
    /// rules and flush suppressed immediate alerts.
    /// </summary>
    public void Rotate(long nowNs)
    {
        var interval = (IndexedHistogram)(_recycled is null ? Key.Recorder.GetIntervalHistogram() : Key.Recorder.GetIntervalHistogram(_recycled));
        var sparse = SparseHistogram.From(interval, _layout, _intervalStartNs, nowNs);
        _recycled = interval;
        _intervalStartNs = nowNs;

        _intervals.Add(sparse);
        _cumulative.Accumulate(sparse, subtract: false, Key.CreatedNs, nowNs);
        foreach (var (n, window) in _windows)
        {
            long windowStartNs = _intervals[Math.Max(0, _intervals.Count - n)].StartNs;
            window.Accumulate(sparse, subtract: false, windowStartNs, nowNs);
            if (_intervals.Count > n) window.Accumulate(_intervals[^(n + 1)], subtract: true, windowStartNs, nowNs);
        }
        int excess = _intervals.Count - Math.Max(_options.RetainedIntervals, _windows.Keys.Max() + 1);
        if (excess > 0) _intervals.RemoveRange(0, excess);

        WorstEvent? worst = Key.WindowedRules.Length > 0 ? Key.Culprits.Worst() : null;
        foreach (var rule in Key.WindowedRules)
        {
            var window = _windows[IntervalsIn(rule.Rule.Window)];
            rule.Evaluate(window, TimeSpan.FromTicks(Math.Max(1, window.EndNs - window.StartNs) / 100), nowNs, worst);
        }
        foreach (var gate in Key.ImmediateRules) gate.Gate.FlushSuppressed(nowNs);
    }

    public KeyStats Stats(TimeSpan? window)
    {
        SparseHistogram h;
        if (window is null) h = _cumulative;
        else
        {
            int n = IntervalsIn(window.Value);
            h = _windows.TryGetValue(n, out var w) ? w : SparseHistogram.Sum(_layout, _intervals.Skip(Math.Max(0, _intervals.Count - n)).ToArray()); // an unusual window: built for this query
        }
        long suppressed = Key.ImmediateRules.Sum(g => g.Gate.TotalSuppressed) + Key.WindowedRules.Sum(r => r.Gate.TotalSuppressed);
        return new KeyStats(Key.Metric.Name(), Key.Name, Key.Source, window, h.Summary(), Key.Culprits.Report(top: 5), Key.ClampedCount, suppressed);
    }

    private int IntervalsIn(TimeSpan window) => (int)Math.Max(1, window.Ticks / _options.Interval.Ticks);
}
