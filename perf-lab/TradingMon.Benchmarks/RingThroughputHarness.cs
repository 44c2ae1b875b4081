using System.Diagnostics;
using System.Runtime.CompilerServices;
using TradingMon.Core;
using TradingMon.Ring;

namespace TradingMon.Benchmarks;

/// <summary>
/// Same-run 1P1C throughput of a 40-byte struct: the ring with busy-spin, yielding and the default wait
/// strategy against a bounded single-reader/single-writer <see cref="Channel{T}"/>, interleaved round by round
/// so machine noise hits every variant alike. Prints each round, then medians and ratios to the Channel.
/// </summary>
/// <remarks>
/// Run: <c>nice -n -10 dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- ring-throughput 5</c>
/// (rounds, optionally events per round). BenchmarkDotNet's <see cref="RingThroughputBenchmarks"/> gives the
/// same comparison with its statistics and allocation column; this harness exists because a 10x goal needs
/// many interleaved repetitions on a noisy 2-vCPU VM, which BenchmarkDotNet runs one benchmark after another.
/// A ring's consumer runs only during its own round: an idle spinning consumer would steal a core from the others.
/// </remarks>
public static class RingThroughputHarness
{
    private const int Capacity = RingThroughputBenchmarks.Capacity;
    private const string ChannelName = "Channel bounded SPSC";
    private const int ClaimBatch = 16;

    public static void Run(int rounds, long events, bool pin)
    {
        string[] waits = ["busy-spin", "yielding", WaitStrategies.Default];
        var variants = new List<(string Name, Func<long, Result> Run, long Events)>();
        foreach (var w in waits) variants.Add(($"ring {w}", RingRunner(w, pin, claimBatch: 1), events));
        // What a producer that drains its source in batches (a kernel reader) gets from Claim(n) + Publish(lo, hi).
        variants.Add(($"ring busy-spin, claim {ClaimBatch}", RingRunner("busy-spin", pin, ClaimBatch), events));
        // The Channel is an order of magnitude slower: fewer events keep its round as long as the others.
        variants.Add((ChannelName, ChannelRunner(), events / 8));

        foreach (var v in variants) v.Run(v.Events / 4); // tiered JIT reaches its final code before the rounds count
        var rates = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var perEventBytes = variants.ToDictionary(v => v.Name, _ => 0.0);
        for (int r = 0; r < rounds; r++)
        {
            foreach (var v in variants)
            {
                var result = v.Run(v.Events);
                rates[v.Name].Add(result.MillionsPerSecond);
                perEventBytes[v.Name] = Math.Max(perEventBytes[v.Name], result.BytesPerEvent);
                Console.WriteLine($"round {r} {v.Name,-26} {result.MillionsPerSecond,8:F1} M events/s");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}; {rounds} rounds, {events} events/round " +
                          $"(Channel {events / 8}), 40-byte struct, capacity {Capacity}");
        double channel = RoundStats.Median(rates[ChannelName]);
        Console.WriteLine($"| {"variant",-26} | median M ev/s | min | max | vs Channel (ratio of medians) | alloc B/event (max) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, list) in rates)
        {
            Console.WriteLine($"| {name,-26} | {RoundStats.Median(list),8:F1} | {list.Min(),6:F1} | {list.Max(),6:F1} | " +
                              $"{RoundStats.Median(list) / channel,6:F1}x | {perEventBytes[name]:F4} |");
        }
        // Per-round ratios show how stable the verdict is; the lowest is the pessimistic one.
        foreach (var (name, list) in rates)
        {
            if (name == ChannelName) continue;
            var perRound = list.Zip(rates[ChannelName], (a, b) => a / b).ToList();
            Console.WriteLine($"{name} / Channel per round: median {RoundStats.Median(perRound):F1}x, min {perRound.Min():F1}x");
        }
    }

    private readonly record struct Result(double MillionsPerSecond, double BytesPerEvent);

    private static Func<long, Result> RingRunner(string waitStrategy, bool pin, int claimBatch)
    {
        var ring = new RingBuffer<RingBenchEvent>(ProducerType.Single, Capacity, WaitStrategies.Create(waitStrategy));
        var processor = new BatchEventProcessor<RingBenchEvent, RingThroughputBenchmarks.SumHandler>(ring, ring.NewBarrier(),
            new RingThroughputBenchmarks.SumHandler(new RingThroughputBenchmarks.SumState()),
            new ProcessorOptions { Name = $"harness-{waitStrategy}" });
        ring.AddGatingSequences(processor.Sequence);
        return events =>
        {
            // Pinned as in production (kernel reader on one core, ring consumer on another): the two never share a CPU.
            if (pin) LinuxThread.PinCurrentThread(0);
            var consumer = processor.Start(pin ? () => LinuxThread.PinCurrentThread(1) : null);
            Thread.Sleep(20); // the consumer is waiting before the clock starts
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            long last = claimBatch == 1 ? Publish(ring, events) : PublishBatches(ring, events, claimBatch);
            var spin = new SpinWait();
            while (processor.Sequence.Value < last) spin.SpinOnce(sleep1Threshold: -1);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            processor.Halt();
            consumer.Join();
            return new Result(events / seconds / 1e6, (double)allocated / events);
        };
    }

    /// <summary>The producer: claim, write one field, publish. Returns the last sequence.</summary>
    /// <remarks>
    /// Optimised at first JIT: it runs a handful of times, so under tiered compilation its loop would run as
    /// on-stack-replacement code, and the number would measure the JIT's tiering instead of the ring.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Publish(RingBuffer<RingBenchEvent> ring, long events)
    {
        long last = -1;
        for (long i = 0; i < events; i++)
        {
            last = ring.Claim();
            ring[last].Value = i;
            ring.Publish(last);
        }
        return last;
    }

    /// <summary>The producer claiming and publishing <paramref name="batch"/> slots at a time (events must be a multiple).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long PublishBatches(RingBuffer<RingBenchEvent> ring, long events, int batch)
    {
        long high = -1;
        for (long i = 0; i < events; i += batch)
        {
            high = ring.Claim(batch);
            long low = high - batch + 1;
            for (long s = low; s <= high; s++) ring[s].Value = i + (s - low);
            ring.Publish(low, high);
        }
        return high;
    }

    /// <summary>The <see cref="ChannelBaseline"/>, its writer on a pool thread of its own as the reader is.</summary>
    private static Func<long, Result> ChannelRunner()
    {
        var channel = new ChannelBaseline(Capacity);
        return events =>
        {
            long target = channel.Consumed + events;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            Task.Run(() => channel.WriteAsync(events)).Wait();
            channel.WaitConsumed(target);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            return new Result(events / seconds / 1e6, (double)allocated / events);
        };
    }
}
