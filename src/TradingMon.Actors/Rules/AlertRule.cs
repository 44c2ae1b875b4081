using HdrHistogram;
using TradingMon.Core;

namespace TradingMon.Actors.Rules;

/// <summary>
/// One validated alert rule. Thresholds are ns for latency statistics, a plain number for
/// <see cref="Statistic.Count"/> and events per second for <see cref="Statistic.Rate"/>; the alert
/// carries the same number in its ThresholdNs/ObservedNs fields.
/// </summary>
public sealed record AlertRule
{
    public required string Id { get; init; }
    public required Metric Metric { get; init; }
    public required Statistic Statistic { get; init; }
    /// <summary>0–100, for <see cref="Statistic.Percentile"/>.</summary>
    public double Percentile { get; init; }
    public required long Threshold { get; init; }
    /// <summary>Rolling window of a windowed rule (a multiple of the interval).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long the condition must hold, on consecutive ticks, before the rule fires.</summary>
    public TimeSpan Sustain { get; init; }
    /// <summary>Minimum time between two alerts of this rule and key.</summary>
    public TimeSpan Cooldown { get; init; }
    /// <summary>Storm control: at most this many alerts per second per key; the rest are summarised.</summary>
    public int MaxAlertsPerSecond { get; init; } = 10;
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;
    public RuleSelector Selector { get; init; } = RuleSelector.Any;

    public bool IsImmediate => Statistic == Statistic.Value;

    /// <summary>The statistic of a window, in the threshold's unit.</summary>
    public long Evaluate(HistogramBase window, TimeSpan windowLength) => Statistic switch
    {
        Statistic.Max => window.TotalCount == 0 ? 0 : window.GetMaxValue(),
        Statistic.Mean => window.TotalCount == 0 ? 0 : (long)window.GetMean(),
        Statistic.Percentile => window.TotalCount == 0 ? 0 : window.GetValueAtPercentile(Percentile),
        Statistic.Count => window.TotalCount,
        Statistic.Rate => (long)(window.TotalCount / windowLength.TotalSeconds),
        _ => throw new InvalidOperationException($"rule {Id}: statistic {Statistic} is evaluated per event, not per window"),
    };
}
