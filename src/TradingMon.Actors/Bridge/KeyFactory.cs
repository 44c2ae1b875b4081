using TradingMon.Actors.Alerts;
using TradingMon.Actors.Keys;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Actors.Bridge;

/// <summary>
/// Creates a key the first time the ring consumer sees it: binds the rules whose selector matches,
/// then announces it so a supervisor starts its aggregator. Runs once per key (it allocates),
/// never per event.
/// </summary>
internal sealed class KeyFactory(RuleSet rules, AlertPublisher publisher, MonitorOptions options, Action<KeySeries> announce)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public KeySeries Create(Metric metric, Source source, KeyScope scope, string name, string detail, int cpu, int id1, int id2)
    {
        var key = new KeySeries(metric, source, scope, name, detail, cpu, id1, id2, options.HighestTrackableNs);
        var matching = rules.Rules.Where(r => r.Metric == metric && r.Selector.Matches(key)).ToArray();
        key.ImmediateRules = matching.Where(r => r.IsImmediate).Select(r => new ImmediateRuleGate(r, key, publisher)).ToArray();
        key.WindowedRules = matching.Where(r => !r.IsImmediate).Select(r => new WindowedRuleState(r, key, publisher)).ToArray();
        Interlocked.Increment(ref _count);
        announce(key);
        return key;
    }
}
