using HdrHistogram;
using TradingMon.Actors.Alerts;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Rules;

/// <summary>
/// A windowed rule bound to one key, evaluated by the key's aggregator on each interval tick:
/// the statistic of the rolling window against the threshold, held for <see cref="AlertRule.Sustain"/>
/// on consecutive ticks before it fires. Lives outside the actor so a restart keeps the sustain clock.
/// </summary>
internal sealed class WindowedRuleState(AlertRule rule, KeySeries key, AlertPublisher publisher)
{
    private const long NotBreaching = long.MinValue;
    private long _breachSinceNs = NotBreaching;

    public AlertRule Rule => rule;
    public AlertGate Gate { get; } = new(rule, key, publisher);

    /// <param name="window">The rule's rolling window, ending at <paramref name="nowNs"/>.</param>
    /// <param name="windowLength">Time the window spans (shorter than the rule's window just after start).</param>
    /// <param name="culprit">Worst event of the key, for the alert's culprit.</param>
    public void Evaluate(HistogramBase window, TimeSpan windowLength, long nowNs, WorstEvent? culprit)
    {
        long observed = rule.Evaluate(window, windowLength);
        if (observed <= rule.Threshold)
        {
            _breachSinceNs = NotBreaching;
            Gate.FlushSuppressed(nowNs);
            return;
        }
        if (_breachSinceNs == NotBreaching) _breachSinceNs = nowNs;
        if (nowNs - _breachSinceNs < rule.Sustain.Ticks * 100) return;
        Gate.Offer(observed, nowNs, nowNs, culprit?.Pid ?? 0, culprit is null ? default : Comm.From(culprit.Comm));
    }
}
