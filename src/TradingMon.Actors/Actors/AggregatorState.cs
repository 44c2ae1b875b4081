using HdrHistogram;
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
internal sealed class AggregatorState
{
    private readonly MonitorOptions _options;
    private readonly BucketLayout _layout;
    private readonly LongHistogram _cumulative;
    private long _cumulativeMinNs = long.MaxValue;
    private readonly Queue<SparseHistogram> _intervals = new();
    private readonly Dictionary<int, LongHistogram> _windows = new(); // by length in intervals
    private IndexedHistogram? _recycled;
    private long _intervalStartNs;

    public AggregatorState(KeySeries key, MonitorOptions options)
    {
        Key = key;
        _options = options;
        _layout = new BucketLayout(options.HighestTrackableNs, MonitorOptions.SignificantDigits);
        _cumulative = NewHistogram();
        _intervalStartNs = options.Clock.NowNs;
        var lengths = options.ReportWindows.Concat(key.WindowedRules.Select(r => r.Rule.Window)).Select(IntervalsIn).Distinct();
        foreach (int n in lengths) _windows[n] = NewHistogram();
    }

    public KeySeries Key { get; }
    public IReadOnlyCollection<SparseHistogram> Intervals => _intervals;

    /// <summary>
    /// Interval boundary: swap the recorder's interval histogram out (the ring consumer goes on
    /// recording into the other one), keep it as a sparse interval, add it to the cumulative
    /// histogram, rebuild the windows, evaluate windowed rules and flush suppressed immediate alerts.
    /// </summary>
    public void Rotate(long nowNs)
    {
        var interval = (IndexedHistogram)(_recycled is null ? Key.Recorder.GetIntervalHistogram() : Key.Recorder.GetIntervalHistogram(_recycled));
        var sparse = SparseHistogram.From(interval, _layout, _intervalStartNs, nowNs);
        _recycled = interval;
        _intervalStartNs = nowNs;

        _intervals.Enqueue(sparse);
        while (_intervals.Count > _options.RetainedIntervals) _intervals.Dequeue();
        sparse.AddTo(_cumulative);
        if (sparse.TotalCount > 0) _cumulativeMinNs = Math.Min(_cumulativeMinNs, sparse.MinNs);
        foreach (var (n, window) in _windows) Rebuild(window, n);

        WorstEvent? worst = Key.WindowedRules.Length > 0 ? Key.Culprits.Worst() : null;
        foreach (var rule in Key.WindowedRules)
        {
            int n = IntervalsIn(rule.Rule.Window);
            rule.Evaluate(_windows[n], CoveredSpan(n), nowNs, worst);
        }
        foreach (var gate in Key.ImmediateRules) gate.Gate.FlushSuppressed(nowNs);
    }

    public KeyStats Stats(TimeSpan? window)
    {
        HistogramBase h;
        long min;
        if (window is null)
        {
            h = _cumulative;
            min = _cumulativeMinNs == long.MaxValue ? 0 : _cumulativeMinNs;
        }
        else
        {
            int n = IntervalsIn(window.Value);
            if (!_windows.TryGetValue(n, out var w)) Rebuild(w = NewHistogram(), n); // an unusual window: built for this query
            h = w;
            min = LastIntervals(n).Where(i => i.TotalCount > 0).Select(i => i.MinNs).DefaultIfEmpty(0).Min();
        }
        long suppressed = Key.ImmediateRules.Sum(g => g.Gate.TotalSuppressed) + Key.WindowedRules.Sum(r => r.Gate.TotalSuppressed);
        return new KeyStats(Key.Metric.Name(), Key.Name, Key.Source, window, HistogramSummary.From(h, min),
            Key.Culprits.Report(top: 5), Key.ClampedCount, suppressed);
    }

    private void Rebuild(HistogramBase window, int intervals)
    {
        window.Reset();
        foreach (var i in LastIntervals(intervals)) i.AddTo(window);
    }

    private IEnumerable<SparseHistogram> LastIntervals(int n) => _intervals.Skip(Math.Max(0, _intervals.Count - n));

    /// <summary>Time the last <paramref name="n"/> retained intervals span (less than n intervals just after start).</summary>
    private TimeSpan CoveredSpan(int n)
    {
        var last = LastIntervals(n).ToList();
        return last.Count == 0 ? _options.Interval : TimeSpan.FromTicks((last[^1].EndNs - last[0].StartNs) / 100);
    }

    private int IntervalsIn(TimeSpan window) => (int)Math.Max(1, window.Ticks / _options.Interval.Ticks);

    private LongHistogram NewHistogram() => new(1, _options.HighestTrackableNs, MonitorOptions.SignificantDigits);
}
