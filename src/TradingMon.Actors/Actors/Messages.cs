using TradingMon.Actors.Bridge;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Actors;

/// <summary>The ring consumer saw a key for the first time: start its aggregator.</summary>
public sealed record KeyDiscovered(KeySeries Key);

/// <summary>Interval boundary: rotate interval histograms, rebuild windows, evaluate windowed rules.</summary>
public sealed class Tick
{
    public static readonly Tick Instance = new();
    private Tick() { }
}

/// <summary>Ask for statistics; <paramref name="Window"/> null = since start, else the rolling window of that length.</summary>
public sealed record GetStats(TimeSpan? Window = null);

/// <summary>One key's statistics over the asked window, with its culprits.</summary>
public sealed record KeyStats(
    string Metric, string Key, Source Source, TimeSpan? Window, HistogramSummary Summary,
    CulpritReport Culprits, long ClampedValues, long SuppressedAlerts);

/// <summary>The whole tree's answer to <see cref="GetStats"/>, sorted by metric then key.</summary>
public sealed record MonitorStats(
    IReadOnlyList<KeyStats> Keys, long AggregatorRestarts, BridgeCounters Bridge, long AlertsPublished, long AlertLogLinesDropped);

/// <summary>Ask for the retained interval histograms of every key.</summary>
public sealed class GetIntervals
{
    public static readonly GetIntervals Instance = new();
    private GetIntervals() { }
}

/// <summary>One key's retained interval histograms, oldest first.</summary>
public sealed record KeyIntervals(Metric Metric, string Key, IReadOnlyList<SparseHistogram> Intervals);

/// <summary>Write every key's retained intervals to one .hlog file (tagged entries).</summary>
public sealed record WriteHlog(string Path);

public sealed record HlogWritten(string Path, int Keys, int Histograms);

/// <summary>Fault injection: the named key's aggregator throws on receipt (supervision tests, drills).</summary>
public sealed record InjectFault(Metric Metric, string Key);

public sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>A supervisor's answer: what its children replied.</summary>
internal sealed record SourceStats(IReadOnlyList<KeyStats> Keys);

internal sealed record SourceIntervals(IReadOnlyList<KeyIntervals> Keys);
