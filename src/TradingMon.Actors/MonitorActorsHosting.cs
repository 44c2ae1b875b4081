using Akka.Hosting;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Actors;

/// <summary>Akka.Hosting wiring: starts the actor layer with the hosted actor system.</summary>
public static class MonitorActorsHosting
{
    /// <summary>
    /// Starts <see cref="MonitorActors"/> once the hosted ActorSystem is up, registers its root under
    /// <c>IRequiredActor&lt;MonitorActors&gt;</c>, and hands the instance to <paramref name="started"/>
    /// (which plugs <see cref="MonitorActors.EventHandler"/> into the ring).
    /// </summary>
    public static AkkaConfigurationBuilder WithTradingMonActors(
        this AkkaConfigurationBuilder builder, RuleSet rules, IAlertSink sink, MonitorOptions options, Action<MonitorActors> started) =>
        builder.WithActors((system, registry) =>
        {
            var actors = MonitorActors.Start(system, rules, sink, options);
            registry.Register<MonitorActors>(actors.Root);
            started(actors);
        });
}
