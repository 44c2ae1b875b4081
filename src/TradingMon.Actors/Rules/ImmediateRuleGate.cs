using System.Runtime.CompilerServices;
using TradingMon.Actors.Alerts;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Rules;

/// <summary>
/// An immediate (per-event) rule bound to one key, evaluated by the ring consumer: a comparison
/// per event, and the <see cref="AlertGate"/> only when the threshold is crossed, so the alert
/// leaves within microseconds of the kernel event. Storm control runs on kernel time.
/// </summary>
internal sealed class ImmediateRuleGate(AlertRule rule, KeySeries key, AlertPublisher publisher)
{
    public readonly long ThresholdNs = rule.Threshold;
    public AlertGate Gate { get; } = new(rule, key, publisher);

    [MethodImpl(MethodImplOptions.NoInlining)] // the cold path: keep the per-event loop small
    public void OnBreach(long valueNs, long kernelTsNs, int culpritPid, in Comm culpritComm) =>
        Gate.Offer(valueNs, kernelTsNs, kernelTsNs, culpritPid, culpritComm);
}
