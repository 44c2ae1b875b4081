namespace TradingMon.Ring.Tests;

/// <summary>A throwing handler is never silent: logged, counted, then skipped or halted per policy.</summary>
public class ExceptionPolicyTests
{
    private readonly struct ThrowingHandler(HashSet<long> failAt, List<long> seen) : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (failAt.Contains(sequence)) throw new InvalidOperationException($"bad event {sequence}");
            seen.Add(sequence);
        }
    }

    [Fact]
    public void SkipAndContinueLogsCountsAndGoesOn()
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 16, new BlockingWaitStrategy());
        var seen = new List<long>();
        var logged = new List<(string, long, string)>();
        var options = new ProcessorOptions
        {
            Name = "skipper",
            ExceptionPolicy = ExceptionPolicy.SkipAndContinue,
            LogException = (name, ex, seq) => { lock (logged) logged.Add((name, seq, ex.Message)); },
        };
        var pipeline = new RingPipeline<long>(ring);
        var p = pipeline.Add(new ThrowingHandler([3, 4, 40], seen), options);
        pipeline.Start();
        for (int i = 0; i < 50; i++) ring.Publish(ring.Claim());
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));

        Assert.Equal(3, p.ExceptionCount);
        Assert.Equal([("skipper", 3L, "bad event 3"), ("skipper", 4L, "bad event 4"), ("skipper", 40L, "bad event 40")], logged);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i).Except([3L, 4L, 40L]), seen);
        Assert.Equal(50, p.Processed);
        Assert.Null(p.Fault);
    }

    [Fact]
    public void HaltStopsBeforeTheFailingEventAndRecordsTheFault()
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 16, new BlockingWaitStrategy());
        var seen = new List<long>();
        int logCalls = 0;
        var options = new ProcessorOptions { ExceptionPolicy = ExceptionPolicy.Halt, LogException = (_, _, _) => logCalls++ };
        var p = new BatchEventProcessor<long, ThrowingHandler>(ring, ring.NewBarrier(), new ThrowingHandler([7], seen), options);
        ring.AddGatingSequences(p.Sequence);
        var thread = p.Start();
        for (int i = 0; i < 10; i++) ring.Publish(ring.Claim());
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));

        Assert.False(p.IsRunning);
        Assert.Equal(1, logCalls);
        Assert.Equal(1, p.ExceptionCount);
        Assert.IsType<InvalidOperationException>(p.Fault);
        Assert.Equal(6, p.Sequence.Value); // the failing event 7 is not marked done: producers stay gated on it
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), seen);
        Assert.Equal(16 - 3, ring.Counters().RemainingCapacity);
    }
}
