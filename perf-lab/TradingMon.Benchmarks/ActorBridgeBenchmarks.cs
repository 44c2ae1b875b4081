using Akka.Actor;
using BenchmarkDotNet.Attributes;
using HdrHistogram;
using TradingMon.Actors;
using TradingMon.Core;

namespace TradingMon.Benchmarks;

/// <summary>
/// The actor bridge's per-event cost on the ring consumer thread: key lookup, HdrHistogram recorder,
/// culprit table, immediate rules (alerts firing under storm control). Baseline: the bare
/// <c>LongHistogram.RecordValue</c> floor on the same events. Allocated must be 0 B.
/// <c>dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*ActorBridge*' --inProcess --warmupCount 3 --iterationCount 15</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ActorBridgeBenchmarks
{
    private const int EventsPerOp = 1 << 16;
    private ActorSystem _system = null!;
    private MonitorActors _actors = null!;
    private MonitorActors _noRules = null!;
    private KernelEvent[] _events = null!;
    private LongHistogram _floor = null!;
    private long _shift;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-bridge", "akka.loglevel = WARNING");
        var options = new MonitorOptions();
        _actors = MonitorActors.Start(_system, ActorBenchEvents.LoadRules(options), new CountingAlertSink(), options);
        _noRules = MonitorActors.Start(_system, TradingMon.Actors.Rules.RuleSet.Empty, new CountingAlertSink(), options, name: "no-rules");
        _events = ActorBenchEvents.Mixed(EventsPerOp, LinuxThread.MonotonicNs());
        _floor = new LongHistogram(1, options.HighestTrackableNs, 3);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerOp)]
    public void HistogramRecordFloor()
    {
        var events = _events;
        for (int i = 0; i < events.Length; i++) _floor.RecordValue((long)events[i].ValueNs);
    }

    [Benchmark(OperationsPerInvoke = EventsPerOp)]
    public void BridgeWithImmediateRules() => Run(_actors);

    /// <summary>The same without rules: what recording alone costs.</summary>
    [Benchmark(OperationsPerInvoke = EventsPerOp)]
    public void BridgeWithoutRules() => Run(_noRules);

    private void Run(MonitorActors actors)
    {
        var events = _events;
        var handler = actors.Handler;
        // Move the batch 65 ms later each op so storm windows keep reopening as in a live stream.
        ulong shift = (ulong)(_shift += EventsPerOp * 1000L);
        for (int i = 0; i < events.Length; i++)
        {
            var e = events[i];
            e.TsNs += shift;
            handler.OnEvent(ref e, i, i == events.Length - 1);
        }
    }
}
