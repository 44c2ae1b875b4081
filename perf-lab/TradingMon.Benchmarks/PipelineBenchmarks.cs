using System.Runtime.CompilerServices;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using TradingMon.Actors;
using TradingMon.Core;
using TradingMon.Ring;
using TradingMon.Ring.Kernel;

namespace TradingMon.Benchmarks;

/// <summary>
/// Events per second through the whole path: a producer thread publishes into the real ring, a batch
/// event processor on its own thread runs the actor bridge (histograms, culprits, immediate rules),
/// while the actors rotate intervals every second. Baseline: the same ring with a handler that only
/// counts, so the ratio is the actor layer's share. Goal: ≥ 5 M events/s (5× the ~1 M/s kernel worst case).
/// <c>dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*PipelineBenchmarks*' --inProcess --warmupCount 3 --iterationCount 15</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PipelineBenchmarks
{
    private const int EventsPerOp = 1 << 20;
    private ActorSystem _system = null!;
    private KernelEvent[] _events = null!;
    private RingBuffer<KernelEvent> _ring = null!;
    private RingPipeline<KernelEvent> _pipeline = null!;
    private IEventProcessor _consumer = null!;

    [Params("actors", "count-only")]
    public string Handler { get; set; } = "actors";

    [Params("yielding")]
    public string WaitStrategy { get; set; } = "yielding";

    [GlobalSetup]
    public void Setup()
    {
        _events = ActorBenchEvents.Mixed(1 << 16, LinuxThread.MonotonicNs());
        _ring = KernelEventRing.Create(ProducerType.Single, KernelEventRing.DefaultSize, WaitStrategy);
        _pipeline = new RingPipeline<KernelEvent>(_ring);
        if (Handler == "actors")
        {
            _system = ActorSystem.Create("bench-pipeline", "akka.loglevel = WARNING");
            var options = new MonitorOptions();
            var actors = MonitorActors.Start(_system, ActorBenchEvents.LoadRules(options), new CountingAlertSink(), options);
            _consumer = _pipeline.Add(actors.EventHandler, new ProcessorOptions { Name = "bench-actors" });
        }
        else
        {
            _consumer = _pipeline.Add(new CountOnlyHandler(new StrongBox<long>()), new ProcessorOptions { Name = "bench-count" });
        }
        _pipeline.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Shutdown(TimeSpan.FromSeconds(10));
        _system?.Terminate().Wait();
    }

    [Benchmark(OperationsPerInvoke = EventsPerOp)]
    public void PublishAndConsume()
    {
        var ring = _ring;
        var events = _events;
        long last = 0;
        for (int i = 0; i < EventsPerOp; i++)
        {
            long seq;
            while (!ring.TryClaim(out seq)) Thread.SpinWait(8); // the benchmark's producer waits; a kernel reader would count a drop
            ring[seq] = events[i & (events.Length - 1)];
            ring.Publish(seq);
            last = seq;
        }
        var spin = new SpinWait();
        while (_consumer.Sequence.Value < last) spin.SpinOnce();
    }

    private readonly struct CountOnlyHandler(StrongBox<long> count) : IEventHandler<KernelEvent>
    {
        public void OnEvent(ref KernelEvent evt, long sequence, bool endOfBatch) => count.Value++;
    }
}
