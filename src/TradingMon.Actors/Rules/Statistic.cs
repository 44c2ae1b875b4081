namespace TradingMon.Actors.Rules;

/// <summary>
/// What a rule compares with its threshold. <see cref="Value"/> is tested on every event by the
/// ring consumer (an immediate rule); the others are computed from a rolling window on each
/// interval tick (windowed rules).
/// </summary>
public enum Statistic : byte
{
    /// <summary>Each event's own value (ns).</summary>
    Value,
    /// <summary>Largest value in the window (ns).</summary>
    Max,
    /// <summary>Mean of the window (ns).</summary>
    Mean,
    /// <summary>A percentile of the window, <see cref="AlertRule.Percentile"/> (ns).</summary>
    Percentile,
    /// <summary>Number of events in the window (unitless threshold).</summary>
    Count,
    /// <summary>Events per second over the window (unitless threshold, per second).</summary>
    Rate,
}
