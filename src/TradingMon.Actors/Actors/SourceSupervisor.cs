using Akka.Actor;
using Akka.Event;
using TradingMon.Actors.Keys;

namespace TradingMon.Actors.Actors;

/// <summary>
/// One supervisor per kernel source (scheduler, hard IRQ, softirq, NIC queue): starts an aggregator
/// per key it is told about and restarts an aggregator that throws. The restart keeps the key's
/// state (it lives outside the actor), and each one is counted and logged.
/// </summary>
internal sealed class SourceSupervisor : ReceiveActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private readonly SupervisionCounters _counters;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SourceSupervisor(Source source, MonitorOptions options, SupervisionCounters counters)
    {
        _counters = counters;
        Receive<KeyDiscovered>(d =>
            Context.ActorOf(KeyAggregator.Props(new AggregatorState(d.Key, options), options.Clock), ChildName(d.Key.Metric, d.Key.Name)));
        Receive<Tick>(t =>
        {
            foreach (var child in Context.GetChildren()) child.Tell(t);
        });
        Receive<InjectFault>(f => Context.Child(ChildName(f.Metric, f.Key)).Tell(f));
        ReceiveAsync<GetStats>(async q =>
        {
            var sender = Sender;
            var replies = await Task.WhenAll(Context.GetChildren().Select(c => c.Ask<KeyStats>(q, AskTimeout)));
            sender.Tell(new SourceStats(replies));
        });
        ReceiveAsync<GetIntervals>(async q =>
        {
            var sender = Sender;
            var replies = await Task.WhenAll(Context.GetChildren().Select(c => c.Ask<KeyIntervals>(q, AskTimeout)));
            sender.Tell(new SourceIntervals(replies));
        });
        _log.Debug("supervisor for {0} started", source);
    }

    /// <summary>Any exception restarts only the failing aggregator; its state survives outside the actor.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        maxNrOfRetries: -1,
        withinTimeRange: Timeout.InfiniteTimeSpan,
        localOnlyDecider: ex =>
        {
            _counters.CountRestart();
            _log.Warning("aggregator failed and is restarted with its state kept ({0}: {1}); restarts so far: {2}",
                ex.GetType().Name, ex.Message, _counters.Restarts);
            return Directive.Restart;
        });

    private static string ChildName(Core.Metric metric, string key) => Uri.EscapeDataString($"{metric}:{key}");

    public static Props Props(Source source, MonitorOptions options, SupervisionCounters counters) =>
        Akka.Actor.Props.Create(() => new SourceSupervisor(source, options, counters));
}
