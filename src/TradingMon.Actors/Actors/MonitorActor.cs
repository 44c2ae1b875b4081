using Akka.Actor;
using TradingMon.Actors.Alerts;
using TradingMon.Actors.Bridge;
using TradingMon.Actors.Hlog;
using TradingMon.Actors.Keys;

namespace TradingMon.Actors.Actors;

/// <summary>
/// Root of the actor tree: creates one <see cref="SourceSupervisor"/> per kernel source, routes new
/// keys to them, drives the interval tick, refreshes watched cgroups, and answers the monitor's
/// queries (statistics for reports and the JSON summary, .hlog files) by asking the supervisors.
/// Supervisors restart on failure (default strategy); their children are recreated from the keys'
/// state, which lives outside the actors.
/// </summary>
internal sealed class MonitorActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public MonitorActor(MonitorOptions options, SupervisionCounters counters, RingBridgeHandler bridge, AlertPublisher publisher, TaskWatch watch)
    {
        var supervisors = Enum.GetValues<Source>().ToDictionary(
            s => s, s => Context.ActorOf(SourceSupervisor.Props(s, options, counters), s.ToString().ToLowerInvariant()));
        Context.ActorOf(Akka.Actor.Props.Create(() => new AlertLogActor(publisher, TimeSpan.FromMilliseconds(100))), "alert-log");

        Receive<KeyDiscovered>(d => supervisors[d.Key.Source].Forward(d));
        Receive<Tick>(t =>
        {
            watch.RefreshCgroups();
            foreach (var s in supervisors.Values) s.Tell(t);
        });
        Receive<InjectFault>(f =>
        {
            foreach (var s in supervisors.Values) s.Tell(f); // the supervisor without that child ignores it
        });
        ReceiveAsync<GetStats>(async q =>
        {
            var sender = Sender;
            var replies = await Task.WhenAll(supervisors.Values.Select(s => s.Ask<SourceStats>(q, AskTimeout)));
            var keys = replies.SelectMany(r => r.Keys).OrderBy(k => k.Metric, StringComparer.Ordinal).ThenBy(k => k.Key, StringComparer.Ordinal).ToArray();
            sender.Tell(new MonitorStats(keys, counters.Restarts, bridge.Counters, publisher.Published, publisher.LogQueue.Dropped));
        });
        ReceiveAsync<GetIntervals>(async q =>
        {
            var sender = Sender;
            sender.Tell(await CollectIntervals(supervisors.Values, q));
        });
        ReceiveAsync<WriteHlog>(async w =>
        {
            var sender = Sender;
            try
            {
                var intervals = await CollectIntervals(supervisors.Values, GetIntervals.Instance);
                int histograms = HlogWriter.Write(w.Path, intervals.Keys, options.Clock);
                sender.Tell(new HlogWritten(w.Path, intervals.Keys.Count, histograms));
            }
            catch (Exception e)
            {
                sender.Tell(new Status.Failure(e));
            }
        });
        if (options.ScheduleTicks) Timers!.StartPeriodicTimer("tick", Tick.Instance, options.Interval);
    }

    public ITimerScheduler? Timers { get; set; }

    private static async Task<IntervalSet> CollectIntervals(IEnumerable<IActorRef> supervisors, GetIntervals q)
    {
        var replies = await Task.WhenAll(supervisors.Select(s => s.Ask<IntervalSet>(q, AskTimeout)));
        return new IntervalSet(replies.SelectMany(r => r.Keys).OrderBy(k => k.Metric).ThenBy(k => k.Key, StringComparer.Ordinal).ToArray());
    }
}
