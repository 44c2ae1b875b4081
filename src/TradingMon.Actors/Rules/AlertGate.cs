using TradingMon.Actors.Alerts;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Rules;

/// <summary>
/// Cooldown and storm control for one (rule, key): at most <see cref="AlertRule.MaxAlertsPerSecond"/>
/// alerts per one-second window and none within <see cref="AlertRule.Cooldown"/> of the previous one.
/// What is held back is counted, and the next alert carries the count and the worst value; an
/// aggregator tick flushes a summary when no breach comes along to carry it, so nothing is silent.
/// </summary>
/// <remarks>
/// Two threads may offer alerts: the ring consumer (immediate rules) and the key's aggregator
/// (the flush). Ownership is a non-blocking flag taken with one compare-and-swap: the loser never
/// waits, it counts its alert as suppressed (interlocked) and goes on. Fields other than the
/// suppressed count are only touched by the owner; releasing the flag with a volatile write
/// publishes them to the next owner.
/// </remarks>
internal sealed class AlertGate
{
    private const long Second = 1_000_000_000;

    private readonly AlertRule _rule;
    private readonly KeySeries _key;
    private readonly AlertPublisher _publisher;
    private readonly long _cooldownNs;

    private int _owned;
    private long _lastAlertNs = long.MinValue;
    private long _stormWindowStartNs = long.MinValue;
    private int _alertsInWindow;

    private int _suppressed;
    private long _suppressedWorst;
    private long _suppressedWorstTsNs;
    private int _suppressedWorstPid;
    private Comm _suppressedWorstComm;
    private long _totalSuppressed;

    public AlertGate(AlertRule rule, KeySeries key, AlertPublisher publisher)
    {
        _rule = rule;
        _key = key;
        _publisher = publisher;
        _cooldownNs = rule.Cooldown.Ticks * 100;
    }

    public AlertRule Rule => _rule;
    public KeySeries Key => _key;

    /// <summary>Alerts held back so far (each is also counted in a later alert's SuppressedCount).</summary>
    public long TotalSuppressed => Volatile.Read(ref _totalSuppressed);

    /// <summary>
    /// A breach: publish an alert unless cooldown or storm control holds it back.
    /// <paramref name="nowNs"/> is the time base of both (the event's kernel timestamp on the ring
    /// consumer, the clock on ticks; both CLOCK_MONOTONIC).
    /// </summary>
    public bool Offer(long observed, long kernelTsNs, long nowNs, int culpritPid, in Comm culpritComm)
    {
        if (Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            CountSuppressed();
            return false;
        }
        bool fired;
        if (Allowed(nowNs))
        {
            Fire(observed, kernelTsNs, nowNs, culpritPid, culpritComm);
            fired = true;
        }
        else
        {
            CountSuppressed();
            if (observed > _suppressedWorst)
            {
                _suppressedWorst = observed;
                _suppressedWorstTsNs = kernelTsNs;
                _suppressedWorstPid = culpritPid;
                _suppressedWorstComm = culpritComm;
            }
            fired = false;
        }
        Volatile.Write(ref _owned, 0);
        return fired;
    }

    /// <summary>
    /// On a tick: if alerts were held back and the gate allows one now, publish the summary
    /// (observed = worst suppressed value).
    /// </summary>
    public void FlushSuppressed(long nowNs)
    {
        if (Volatile.Read(ref _suppressed) == 0) return;
        if (Interlocked.CompareExchange(ref _owned, 1, 0) != 0) return; // the ring consumer is alerting: it carries the count
        if (Volatile.Read(ref _suppressed) != 0 && Allowed(nowNs))
            Fire(_suppressedWorst, _suppressedWorstTsNs, nowNs, _suppressedWorstPid, _suppressedWorstComm);
        Volatile.Write(ref _owned, 0);
    }

    private void CountSuppressed()
    {
        Interlocked.Increment(ref _suppressed);
        Interlocked.Increment(ref _totalSuppressed);
    }

    private bool Allowed(long nowNs)
    {
        if (_lastAlertNs != long.MinValue && nowNs - _lastAlertNs < _cooldownNs) return false;
        if (_stormWindowStartNs == long.MinValue || nowNs - _stormWindowStartNs >= Second)
        {
            _stormWindowStartNs = nowNs;
            _alertsInWindow = 0;
        }
        return _alertsInWindow < _rule.MaxAlertsPerSecond;
    }

    private void Fire(long observed, long kernelTsNs, long nowNs, int culpritPid, in Comm culpritComm)
    {
        _alertsInWindow++;
        _lastAlertNs = nowNs;
        var alert = new Alert
        {
            KernelTimestampNs = kernelTsNs,
            Severity = _rule.Severity,
            Metric = _key.Metric,
            Cpu = _key.Cpu,
            KeyId1 = _key.KeyId1,
            KeyId2 = _key.KeyId2,
            ObservedNs = observed,
            ThresholdNs = _rule.Threshold,
            CulpritPid = culpritPid,
            CulpritComm = culpritComm,
            RuleId = _rule.Id,
            KeyName = _key.Name,
        };
        alert.SuppressedCount = Interlocked.Exchange(ref _suppressed, 0);
        alert.SuppressedWorstNs = alert.SuppressedCount == 0 ? 0 : _suppressedWorst;
        _suppressedWorst = 0;
        _publisher.Publish(ref alert);
    }
}
