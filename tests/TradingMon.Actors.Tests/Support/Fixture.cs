using TradingMon.Actors.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Actors.Tests.Support;

/// <summary>Builds a monitor on a test actor system with a virtual clock and hand-driven ticks.</summary>
public static class Fixture
{
    public static readonly SystemInventory Inventory = new(4, [2, 3], ["virtio0-input.0", "eth0"], ["eth0", "lo"], "/sys/fs/cgroup");

    public static MonitorOptions Options(ManualClock clock) => new()
    {
        Clock = clock,
        ScheduleTicks = false,
        Host = "test-host",
    };

    public static RuleSet Rules(string rulesJson, MonitorOptions options) =>
        RuleFile.Parse($"{{ \"rules\": [ {rulesJson} ] }}", "test-rules.json", Inventory, options);

    public static void Feed(this MonitorActors actors, params KernelEvent[] events)
    {
        for (int i = 0; i < events.Length; i++) actors.Handler.OnEvent(ref events[i], i, i == events.Length - 1);
    }

    /// <summary>Moves the virtual clock one interval and rotates; the ask afterwards waits until every aggregator ticked.</summary>
    public static async Task<MonitorStats> TickAsync(this MonitorActors actors, ManualClock clock, TimeSpan? window = null)
    {
        clock.Advance(actors.Options.Interval);
        actors.Tick();
        return await actors.QueryAsync(window);
    }

    public static KeyStats Key(this MonitorStats stats, string metric, string key) =>
        stats.Keys.Single(k => k.Metric == metric && k.Key == key);
}
