namespace TradingMon.Ring.Tests;

/// <summary>Producers never overwrite a slot a consumer still needs, however slow the consumer is.</summary>
public class GatingTests
{
    private readonly struct SlowCheckingHandler(RingBuffer<TestEvent> ring, GateLog log) : IEventHandler<TestEvent>
    {
        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            // Publication may be at most one ring ahead of the slot being read.
            long ahead = ring.HighestPublished - sequence;
            if (ahead >= ring.Size) log.Overruns++;
            log.MaxAhead = Math.Max(log.MaxAhead, ahead);
            if (sequence % 64 == 0) Thread.Sleep(1); // slow consumer
            // Written by the producer as the sequence itself: if the slot were reused under us it would differ.
            if (evt.Counter != sequence) log.Corrupted++;
        }
    }

    private sealed class GateLog
    {
        public long Overruns, Corrupted, MaxAhead;
    }

    [Theory]
    [InlineData(ProducerType.Single, 4)]
    [InlineData(ProducerType.Single, 16)]
    [InlineData(ProducerType.Multi, 4)]
    public void SlowConsumerHoldsProducerBack(ProducerType type, int size)
    {
        const int events = 3_000;
        var ring = new RingBuffer<TestEvent>(type, size, new BlockingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var log = new GateLog();
        pipeline.Add(new SlowCheckingHandler(ring, log));
        pipeline.Start();
        for (long i = 0; i < events; i++)
        {
            long s = ring.Claim();
            ring[s].Counter = s;
            ring.Publish(s);
        }
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, log.Overruns);
        Assert.Equal(0, log.Corrupted);
        Assert.True(ring.Sequencer.ClaimWaits > 0, "the producer never had to wait for the slow consumer");
        Assert.True(log.MaxAhead > 0);
    }

    [Fact]
    public void SlowLastStageGatesThroughTheChain()
    {
        var ring = new RingBuffer<TestEvent>(ProducerType.Single, 8, new YieldingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var fastLog = new GateLog();
        var slowLog = new GateLog();
        var a = pipeline.Add(new SlowCheckingHandler(ring, fastLog));
        pipeline.Add(new SlowCheckingHandler(ring, slowLog), null, a);
        pipeline.Start();
        for (long i = 0; i < 1_000; i++)
        {
            long s = ring.Claim();
            ring[s].Counter = s;
            ring.Publish(s);
        }
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal((0L, 0L), (slowLog.Overruns, slowLog.Corrupted));
        Assert.Equal((0L, 0L), (fastLog.Overruns, fastLog.Corrupted));
    }
}
