using Akka.Actor;
using TradingMon.Actors;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Core;
using TradingMon.Kernel;
using TradingMon.Ring;
using TradingMon.Ring.Kernel;

namespace TradingMon.Engine;

/// <summary>
/// The whole pipeline as one object: eBPF probes → pinned ring reader → Disruptor ring → actors
/// (histograms, rules) → alert sink. <c>tradingmon monitor</c> runs it under the Generic Host;
/// perf-lab runs it in-process around a workload.
/// </summary>
/// <remarks>
/// Start order is consumers first (actors, ring consumer, then the reader, so nothing is lost to a
/// consumer that is not there yet); stop order is producers first: the programs are detached (maps stay),
/// the reader drains everything the kernel committed, the ring consumer drains the ring, a last tick
/// moves the open interval into the histograms, and only then are programs and maps closed. Everything recorded before <see cref="Stop"/>
/// is in the statistics afterwards.
/// </remarks>
/// <example>
/// var rules = RuleFile.Load("configs/rules.json", SystemInventory.Read(), new MonitorOptions());
/// using var engine = MonitorEngine.Start(new EngineOptions(), rules, sink);
/// ... workload ...
/// engine.Stop();
/// var stats = await engine.QueryAsync();
/// </example>
public sealed class MonitorEngine : IDisposable
{
    private readonly KernelProbes _probes;
    private readonly RingPipeline<KernelEvent> _pipeline;
    private readonly KernelEventRingPublisher _publisher;
    private readonly RingReader<KernelEventRingPublisher> _reader;
    private readonly ActorSystem? _ownedSystem;
    private int _stopped;
    private EngineCounters? _final;

    private MonitorEngine(EngineOptions options, KernelProbes probes, RingPipeline<KernelEvent> pipeline, KernelEventRingPublisher publisher,
        RingReader<KernelEventRingPublisher> reader, MonitorActors actors, ActorSystem? ownedSystem)
    {
        Options = options;
        _probes = probes;
        _pipeline = pipeline;
        _publisher = publisher;
        _reader = reader;
        Actors = actors;
        _ownedSystem = ownedSystem;
        StartedUtc = DateTime.UtcNow;
    }

    public EngineOptions Options { get; }
    public MonitorActors Actors { get; }
    public DateTime StartedUtc { get; }
    /// <summary>The attached sources (and tracepoints skipped on this kernel).</summary>
    public IReadOnlyList<LoadedProbe> Probes => _probes.Probes;
    /// <summary>The pinned reader's kernel tid (excluded from the scheduler probe).</summary>
    public int ReaderTid => _reader.Tid;

    /// <summary>
    /// Loads and attaches the probes and starts every stage. On failure everything already started is
    /// undone (no program stays attached) and the <see cref="TradingMonException"/> propagates.
    /// </summary>
    /// <param name="system">The actor system to run in (the host's); null = the engine creates and owns one.</param>
    /// <param name="warn">One line per thing skipped (a tracepoint missing on this kernel).</param>
    public static MonitorEngine Start(EngineOptions options, RuleSet rules, IAlertSink sink, ActorSystem? system = null, Action<string>? warn = null)
    {
        var probeOptions = options.Probes with
        {
            ExcludeTgid = options.ExcludeOwnProcess ? Environment.ProcessId : 0,
            // The kernel wakes the reader at once for a record that can trip an immediate rule; everything
            // else waits for the poll interval or a filling ring (a wakeup per record feeds on itself).
            WakeupMinNs = Math.Min(options.Probes.WakeupMinNs, SmallestImmediateThreshold(rules)),
        };
        ActorSystem? owned = system is null ? ActorSystem.Create("tradingmon") : null;
        KernelProbes? probes = null;
        RingPipeline<KernelEvent>? pipeline = null;
        try
        {
            probes = KernelProbes.Load(probeOptions, warn);
            var ring = KernelEventRing.Create(ProducerType.Single, options.RingSize, options.RingWait);
            var actors = MonitorActors.Start(system ?? owned!, rules, sink, options.Actors);
            pipeline = new RingPipeline<KernelEvent>(ring);
            pipeline.Add(actors.EventHandler, new ProcessorOptions { Name = "tm-ring-consumer" });
            pipeline.Start();
            var publisher = new KernelEventRingPublisher(ring);
            var reader = new RingReader<KernelEventRingPublisher>(probes, publisher, options.Reader);
            reader.Start();
            return new MonitorEngine(options with { Probes = probeOptions }, probes, pipeline, publisher, reader, actors, owned);
        }
        catch
        {
            pipeline?.Halt();
            probes?.Dispose();
            owned?.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    private static ulong SmallestImmediateThreshold(RuleSet rules)
    {
        ulong min = ulong.MaxValue;
        foreach (var r in rules.Rules)
        {
            if (r.IsImmediate && r.Threshold > 0) min = Math.Min(min, (ulong)r.Threshold);
        }
        return min;
    }

    /// <summary>Every counter now; after <see cref="Stop"/>, the values at the moment the probes were detached.</summary>
    public EngineCounters Counters() => _final ?? ReadCounters();

    private EngineCounters ReadCounters()
    {
        ProbeCounters k = default;
        long malformed = 0;
        foreach (var p in _probes.Probes)
        {
            k += p.CountersTotal();
            malformed += Volatile.Read(ref p.Ring.Malformed);
        }
        return new EngineCounters(
            k.Seen, k.Streamed, k.Dropped, k.BelowMin, k.Lost,
            _reader.Delivered, malformed, _publisher.Dropped, _publisher.Published,
            Actors.Handler.Counters.Events, Actors.Alerts.Published, Actors.Restarts);
    }

    /// <summary>Statistics of every key; <paramref name="window"/> null = since start.</summary>
    public Task<MonitorStats> QueryAsync(TimeSpan? window = null) => Actors.QueryAsync(window);

    /// <summary>Writes every key's retained interval histograms to one tagged .hlog file.</summary>
    public Task<HlogWritten> WriteHlogAsync(string path) => Actors.WriteHlogAsync(path);

    /// <summary>
    /// Stops the producers first and drains every stage, then detaches the probes: afterwards no BPF
    /// program or link of ours remains and every event recorded before the call is in the histograms.
    /// Safe to call more than once. Returns false if the ring consumer did not drain in time.
    /// </summary>
    public bool Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return true;
        _probes.Detach();                               // no program runs any more; rings and counters stay readable
        _reader.Stop();                                 // final drain: every record the kernel committed
        bool drained = _pipeline.Shutdown(Options.DrainTimeout);
        Actors.Tick();                                  // move the open interval into the histograms
        _final = ReadCounters();                        // exact totals; the kernel's counters vanish with the maps
        _probes.Dispose();                              // close programs and maps: nothing of ours stays in the kernel
        return drained;
    }

    public void Dispose()
    {
        Stop();
        _ownedSystem?.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
