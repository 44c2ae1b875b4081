namespace TradingMon.Ring.Tests;

/// <summary>Start, halt and drain: shutdown processes every published event; halt stops without draining.</summary>
public class LifecycleTests
{
    private readonly struct CountingHandler(Counter counter) : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (counter.DelayEvery > 0 && sequence % counter.DelayEvery == 0) Thread.Sleep(1);
            counter.Sum += evt;
            counter.Count++;
            if (endOfBatch) counter.Batches++;
        }
    }

    private sealed class Counter
    {
        public int DelayEvery;
        public long Sum, Count, Batches;
    }

    [Theory]
    [InlineData("blocking")]
    [InlineData("sleeping")]
    [InlineData("yielding")]
    [InlineData("busy-spin")]
    public void ShutdownDrainsEverythingPublished(string wait)
    {
        const int events = 5_000;
        var ring = new RingBuffer<long>(ProducerType.Single, 8192, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<long>(ring);
        var counter = new Counter { DelayEvery = 500 }; // still busy when shutdown starts
        var p = pipeline.Add(new CountingHandler(counter));
        pipeline.Start();
        for (long i = 1; i <= events; i++) Assert.True(ring.TryPublish(i));

        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.False(p.IsRunning);
        Assert.Equal(events, counter.Count);
        Assert.Equal((long)events * (events + 1) / 2, counter.Sum);
        Assert.True(counter.Batches >= 1);
    }

    [Fact]
    public void HaltStopsAParkedProcessorAndItCanBeRestarted()
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 16, new BlockingWaitStrategy());
        var counter = new Counter();
        var p = new BatchEventProcessor<long, CountingHandler>(ring, ring.NewBarrier(), new CountingHandler(counter));
        ring.AddGatingSequences(p.Sequence);
        var thread = p.Start();
        Assert.Throws<InvalidOperationException>(() => p.Start());
        ring.TryPublish(5);
        Assert.True(p.Drain(TimeSpan.FromSeconds(10)));
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        Assert.False(p.IsRunning);

        // Restart from where it stopped.
        ring.TryPublish(6);
        p.Start();
        Assert.True(p.Drain(TimeSpan.FromSeconds(10)));
        Assert.Equal((2L, 11L), (counter.Count, counter.Sum));

        // Halt while parked (nothing to do) returns promptly.
        thread = p.Start();
        Thread.Sleep(50);
        p.Halt();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void EndOfBatchMarksTheLastAvailableEvent()
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 64, new BlockingWaitStrategy());
        var flags = new List<(long, bool)>();
        var p = new BatchEventProcessor<long, RecordingHandler>(ring, ring.NewBarrier(), new RecordingHandler(flags));
        ring.AddGatingSequences(p.Sequence);
        long high = ring.Claim(10);
        ring.Publish(high - 9, high); // one batch of 10, published before the consumer starts
        p.Start();
        Assert.True(p.Drain(TimeSpan.FromSeconds(10)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => ((long)i, i == 9)), flags);
    }

    private readonly struct RecordingHandler(List<(long, bool)> flags) : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch) => flags.Add((sequence, endOfBatch));
    }
}
