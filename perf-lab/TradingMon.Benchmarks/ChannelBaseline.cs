using System.Threading.Channels;

namespace TradingMon.Benchmarks;

/// <summary>
/// The bounded single-reader/single-writer <see cref="Channel{T}"/> the ring is measured against, used the
/// idiomatic fast way: the writer calls TryWrite and awaits WaitToWriteAsync only when full; the reader,
/// on its own pool thread from construction, drains with TryRead and awaits WaitToReadAsync only when empty.
/// One instance serves the BenchmarkDotNet benchmark and the interleaved harness, so both compare with the
/// same baseline.
/// </summary>
public sealed class ChannelBaseline
{
    private readonly Channel<RingBenchEvent> _channel;
    private readonly Task<long> _reader;
    private long _consumed;

    public ChannelBaseline(int capacity)
    {
        _channel = Channel.CreateBounded<RingBenchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _reader = Task.Run(DrainAsync);
    }

    /// <summary>Events the reader has handled so far.</summary>
    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Writes <paramref name="events"/> events, waiting only while the channel is full.</summary>
    public async Task WriteAsync(long events)
    {
        var writer = _channel.Writer;
        var e = default(RingBenchEvent);
        for (long i = 0; i < events; i++)
        {
            e.Value = i;
            while (!writer.TryWrite(e)) await writer.WaitToWriteAsync();
        }
    }

    /// <summary>Spins (never sleeps) until the reader has handled <paramref name="target"/> events in all.</summary>
    public void WaitConsumed(long target)
    {
        var spin = new SpinWait();
        while (Consumed < target) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Completes the writer and waits for the reader to finish.</summary>
    public void Complete()
    {
        _channel.Writer.Complete();
        _reader.Wait();
    }

    private async Task<long> DrainAsync()
    {
        var reader = _channel.Reader;
        long sum = 0, count = 0;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var e))
            {
                sum += e.Value;
                count++;
            }
            Volatile.Write(ref _consumed, count);
        }
        return sum;
    }
}
