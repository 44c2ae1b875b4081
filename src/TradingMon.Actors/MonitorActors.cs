using Akka.Actor;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Alerts;
using TradingMon.Actors.Bridge;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Actors;

/// <summary>
/// The actor layer as the monitor and perf-lab use it: give it rules, an alert sink and options;
/// plug <see cref="Handler"/> into the ring as its event handler; ask it for statistics and .hlog
/// files. Builds the tree: root monitor actor → one supervisor per source → one aggregator per key.
/// </summary>
/// <example>
/// var rules = RuleFile.Load("configs/rules.json", SystemInventory.Read(), options);
/// var actors = MonitorActors.Start(system, rules, aeronSink, options);
/// pipeline.Add(actors.EventHandler);               // the ring consumer records, no message per event
/// var stats = await actors.QueryAsync(TimeSpan.FromSeconds(10));
/// await actors.WriteHlogAsync("tradingmon.hlog");
/// </example>
public sealed class MonitorActors
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private MonitorActors(ActorSystem system, IActorRef root, RingBridgeHandler handler, AlertPublisher publisher, SupervisionCounters counters, MonitorOptions options)
    {
        System = system;
        Root = root;
        Handler = handler;
        Alerts = publisher;
        Supervision = counters;
        Options = options;
    }

    public ActorSystem System { get; }
    /// <summary>The root monitor actor; accepts <see cref="GetStats"/>, <see cref="WriteHlog"/>, <see cref="Tick"/>, <see cref="InjectFault"/>.</summary>
    public IActorRef Root { get; }
    /// <summary>The bridge: records events into the keys' histograms and evaluates immediate rules; its counters.</summary>
    public RingBridgeHandler Handler { get; }
    /// <summary>The same bridge as the ring's handler type: <c>pipeline.Add(actors.EventHandler)</c>.</summary>
    public RingBridgeEventHandler EventHandler => new(Handler);
    public AlertPublisher Alerts { get; }
    public SupervisionCounters Supervision { get; }
    public MonitorOptions Options { get; }

    /// <summary>Aggregator restarts so far.</summary>
    public long Restarts => Supervision.Restarts;

    public static MonitorActors Start(ActorSystem system, RuleSet rules, IAlertSink sink, MonitorOptions? options = null, string name = "tradingmon")
    {
        options ??= new MonitorOptions();
        options.Validate();
        var publisher = new AlertPublisher(sink, options.Clock, options.Host);
        var counters = new SupervisionCounters();
        IActorRef? root = null; // keys are announced only once events flow, after Start has returned
        var factory = new KeyFactory(rules, publisher, options, key => root!.Tell(new KeyDiscovered(key)));
        var watch = new TaskWatch(
            options.WatchedComms.Concat(rules.Rules.Select(r => r.Selector.Comm).OfType<string>()),
            options.WatchedCgroups.Concat(rules.Rules.Select(r => r.Selector.Cgroup).OfType<string>()),
            "/sys/fs/cgroup", factory);
        watch.RefreshCgroups();
        var handler = new RingBridgeHandler(factory, watch);
        root = system.ActorOf(Props.Create(() => new MonitorActor(options, counters, handler, publisher, watch)), name);
        return new MonitorActors(system, root, handler, publisher, counters, options);
    }

    /// <summary>Statistics of every key; <paramref name="window"/> null = since start.</summary>
    public Task<MonitorStats> QueryAsync(TimeSpan? window = null, TimeSpan? timeout = null) =>
        Root.Ask<MonitorStats>(new GetStats(window), timeout ?? DefaultTimeout);

    /// <summary>Writes every aggregator's retained interval histograms to one tagged .hlog file.</summary>
    public async Task<HlogWritten> WriteHlogAsync(string path, TimeSpan? timeout = null)
    {
        var reply = await Root.Ask<object>(new WriteHlog(path), timeout ?? DefaultTimeout);
        return reply switch
        {
            HlogWritten w => w,
            Status.Failure f when f.Cause is TradingMonException => throw f.Cause,
            Status.Failure f => throw new TradingMonException($"writing {path} failed: {f.Cause.Message}", f.Cause),
            _ => throw new InvalidOperationException($"unexpected reply {reply}"),
        };
    }

    /// <summary>Rotates intervals now (when <see cref="MonitorOptions.ScheduleTicks"/> is off, the caller drives time).</summary>
    public void Tick() => Root.Tell(Actors.Tick.Instance);
}
