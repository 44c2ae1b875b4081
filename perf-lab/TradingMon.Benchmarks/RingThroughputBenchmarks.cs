using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TradingMon.Ring;

namespace TradingMon.Benchmarks;

/// <summary>
/// 1P1C throughput of a 40-byte struct: the ring with each wait strategy against a bounded single-reader,
/// single-writer <see cref="Channel{T}"/> (the baseline; BenchmarkDotNet's Ratio column is the same-run ratio).
/// One operation is one event; the Allocated column is bytes per event over both threads (must be 0 for the ring).
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*RingThroughput*'</c>.
/// Each invocation publishes <see cref="Events"/> events from the benchmark thread and returns once the
/// consumer has handled the last one, so the time covers delivery, not just enqueueing.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12, invocationCount: 1)]
public class RingThroughputBenchmarks
{
    public const int Events = 1 << 22;
    public const int Capacity = 1 << 16;

    private RingBuffer<RingBenchEvent> _ring = null!;
    private BatchEventProcessor<RingBenchEvent, SumHandler> _processor = null!;
    private ChannelBaseline? _channel;

    [GlobalSetup(Target = nameof(RingBusySpin))] public void SetupBusySpin() => SetupRing("busy-spin");
    [GlobalSetup(Target = nameof(RingYielding))] public void SetupYielding() => SetupRing("yielding");
    [GlobalSetup(Target = nameof(RingBlocking))] public void SetupBlocking() => SetupRing("blocking");

    [Benchmark(OperationsPerInvoke = Events)] public long RingBusySpin() => PublishAndWait();
    [Benchmark(OperationsPerInvoke = Events)] public long RingYielding() => PublishAndWait();
    [Benchmark(OperationsPerInvoke = Events)] public long RingBlocking() => PublishAndWait();

    [GlobalSetup(Target = nameof(ChannelBounded))]
    public void SetupChannel() => _channel = new ChannelBaseline(Capacity);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task<long> ChannelBounded()
    {
        var channel = _channel!;
        long target = channel.Consumed + Events;
        await channel.WriteAsync(Events);
        channel.WaitConsumed(target);
        return target;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _processor?.Halt();
        _channel?.Complete();
    }

    private void SetupRing(string waitStrategy)
    {
        _ring = new RingBuffer<RingBenchEvent>(ProducerType.Single, Capacity, WaitStrategies.Create(waitStrategy));
        _processor = new BatchEventProcessor<RingBenchEvent, SumHandler>(_ring, _ring.NewBarrier(), new SumHandler(new SumState()),
            new ProcessorOptions { Name = $"bench-{waitStrategy}" });
        _ring.AddGatingSequences(_processor.Sequence);
        _processor.Start();
    }

    private long PublishAndWait()
    {
        var ring = _ring;
        long last = -1;
        for (int i = 0; i < Events; i++)
        {
            last = ring.Claim();
            ring[last].Value = i;
            ring.Publish(last);
        }
        var consumed = _processor.Sequence;
        var spin = new SpinWait();
        while (consumed.Value < last) spin.SpinOnce(sleep1Threshold: -1);
        return last;
    }

    /// <summary>The consumer's work: sum one field (what Disruptor-net's perf tests do), kept in a shared object.</summary>
    public readonly struct SumHandler(SumState state) : IEventHandler<RingBenchEvent>
    {
        public void OnEvent(ref RingBenchEvent evt, long sequence, bool endOfBatch) => state.Sum += evt.Value;
    }

    public sealed class SumState
    {
        public long Sum;
    }
}
