using TradingMon.Core;

namespace TradingMon.Actors;

/// <summary>
/// Tunables of the actor layer, in one place. Defaults suit the monitor: 1 s intervals, 10 s and 60 s
/// rolling windows, 60 intervals of history for .hlog files.
/// </summary>
public sealed record MonitorOptions
{
    /// <summary>Interval histogram rotation period; windowed rules are evaluated at each rotation.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Rolling windows every aggregator keeps for reports (rules may add their own).</summary>
    public IReadOnlyList<TimeSpan> ReportWindows { get; init; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)];

    /// <summary>
    /// How many interval histograms each aggregator retains for .hlog files (at least the longest window + 1
    /// are always kept). Memory: 12 bytes per non-zero bucket per interval per key — a busy key spreads over
    /// 100–2 000 buckets a second, so raise this with care on machines with thousands of keys.
    /// </summary>
    public int RetainedIntervals { get; init; } = 60;

    /// <summary>Largest value a histogram tracks; larger values are clamped to it and counted.</summary>
    public long HighestTrackableNs { get; init; } = 60_000_000_000;

    /// <summary>Host name stamped on every alert.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>
    /// When false no timer rotates intervals: the caller sends <see cref="Actors.Tick"/> itself
    /// (tests drive time with a virtual clock this way).
    /// </summary>
    public bool ScheduleTicks { get; init; } = true;

    /// <summary>The CLOCK_MONOTONIC source for detection timestamps and interval edges.</summary>
    public IClock Clock { get; init; } = MonotonicClock.Instance;

    /// <summary>Tasks and cgroups carried in the summary and rule selectors in addition to the rules' own.</summary>
    public IReadOnlyList<string> WatchedComms { get; init; } = [];
    public IReadOnlyList<string> WatchedCgroups { get; init; } = [];

    /// <summary>Significant value digits of every histogram (3: 0.1 % resolution).</summary>
    public const int SignificantDigits = 3;

    /// <summary>Rejects settings the aggregators cannot honour, naming the setting and the fix.</summary>
    public void Validate()
    {
        if (Interval < TimeSpan.FromMilliseconds(10))
            throw new TradingMonException($"interval {Interval.TotalMilliseconds} ms is too short; use at least 10 ms (default 1 s)");
        foreach (var w in ReportWindows)
        {
            if (w <= TimeSpan.Zero || w.Ticks % Interval.Ticks != 0)
                throw new TradingMonException($"report window {w.TotalSeconds} s is not a positive multiple of the {Interval.TotalSeconds} s interval; windows are built by adding intervals");
        }
        if (RetainedIntervals < 1) throw new TradingMonException($"retained intervals {RetainedIntervals} must be at least 1");
        if (HighestTrackableNs < 1_000_000) throw new TradingMonException($"highest trackable value {HighestTrackableNs} ns is below 1 ms; latencies above it would all be clamped");
    }
}
