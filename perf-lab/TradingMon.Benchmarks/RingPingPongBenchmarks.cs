using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using HdrHistogram;
using TradingMon.Ring;

namespace TradingMon.Benchmarks;

/// <summary>
/// Round trip through two rings: the benchmark thread publishes a ping, an echo processor copies it into the
/// pong ring, the benchmark thread waits for it with a barrier of the same wait strategy. Mean is BenchmarkDotNet's;
/// every round trip also goes into an HdrHistogram whose p50/p99/p99.9 are printed at cleanup
/// (lines starting "RingPingPong").
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*RingPingPong*'</c>.
/// With two busy-spinning threads on a 2-vCPU VM the tail is set by VM preemption, not by the ring.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class RingPingPongBenchmarks
{
    public const int RoundTrips = 10_000;

    [Params("busy-spin", "yielding", "blocking")]
    public string WaitStrategy { get; set; } = "blocking";

    private RingBuffer<RingBenchEvent> _ping = null!, _pong = null!;
    private BatchEventProcessor<RingBenchEvent, EchoHandler> _echo = null!;
    private SequenceBarrier _pongBarrier = null!;
    private readonly Sequence _pongConsumed = new();
    private readonly LongHistogram _rttNs = new(10_000_000_000L, 3); // 1 ns .. 10 s, 3 significant digits
    private long _nextPong;

    [GlobalSetup]
    public void Setup()
    {
        _ping = new RingBuffer<RingBenchEvent>(ProducerType.Single, 1024, WaitStrategies.Create(WaitStrategy));
        _pong = new RingBuffer<RingBenchEvent>(ProducerType.Single, 1024, WaitStrategies.Create(WaitStrategy));
        _echo = new BatchEventProcessor<RingBenchEvent, EchoHandler>(_ping, _ping.NewBarrier(), new EchoHandler(_pong),
            new ProcessorOptions { Name = "echo" });
        _ping.AddGatingSequences(_echo.Sequence);
        _pong.AddGatingSequences(_pongConsumed);
        _pongBarrier = _pong.NewBarrier();
        _echo.Start();
        for (int i = 0; i < 5; i++) PingPong(); // JIT and caches warm before the histogram counts
        _rttNs.Reset();
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long PingPong()
    {
        long last = 0;
        for (int i = 0; i < RoundTrips; i++)
        {
            long start = Stopwatch.GetTimestamp();
            long s = _ping.Claim();
            _ping[s].TimestampTicks = start;
            _ping.Publish(s);

            long expected = _nextPong++;
            while (_pongBarrier.WaitFor(expected) < expected) { } // < only while claimed-but-unpublished
            last = _pong[expected].TimestampTicks;
            _pongConsumed.SetValue(expected);
            _rttNs.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
        }
        return last;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _echo.Halt();
        Console.WriteLine(
            $"RingPingPong {WaitStrategy}: round trips={_rttNs.TotalCount} p50={_rttNs.GetValueAtPercentile(50) / 1000.0:F2} us " +
            $"p99={_rttNs.GetValueAtPercentile(99) / 1000.0:F2} us p99.9={_rttNs.GetValueAtPercentile(99.9) / 1000.0:F2} us " +
            $"max={_rttNs.GetMaxValue() / 1000.0:F2} us");
    }

    /// <summary>Copies each ping into the pong ring.</summary>
    public readonly struct EchoHandler(RingBuffer<RingBenchEvent> pong) : IEventHandler<RingBenchEvent>
    {
        public void OnEvent(ref RingBenchEvent evt, long sequence, bool endOfBatch)
        {
            long s = pong.Claim();
            pong[s] = evt;
            pong.Publish(s);
        }
    }
}
