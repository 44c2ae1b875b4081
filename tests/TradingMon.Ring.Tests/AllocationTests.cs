namespace TradingMon.Ring.Tests;

/// <summary>Steady state allocates nothing per event, on the producer nor on the consumer thread.</summary>
public class AllocationTests
{
    private readonly struct MeasuringHandler(AllocationProbe probe) : IEventHandler<TestEvent>
    {
        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            if (sequence == probe.StartAt) probe.ConsumerBefore = GC.GetAllocatedBytesForCurrentThread();
            if (sequence == probe.EndAt) probe.ConsumerAfter = GC.GetAllocatedBytesForCurrentThread();
            probe.Sum += evt.Counter;
        }
    }

    private sealed class AllocationProbe(long startAt, long endAt)
    {
        public readonly long StartAt = startAt, EndAt = endAt;
        public long ConsumerBefore = -1, ConsumerAfter = -1, Sum;
    }

    [Theory]
    [InlineData(ProducerType.Single, "blocking")]
    [InlineData(ProducerType.Multi, "blocking")]
    [InlineData(ProducerType.Single, "yielding")]
    public void NoAllocationPerEvent(ProducerType type, string wait)
    {
        const int warmup = 200_000, measured = 1_000_000;
        var ring = new RingBuffer<TestEvent>(type, 1024, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<TestEvent>(ring);
        var probe = new AllocationProbe(warmup, warmup + measured);
        pipeline.Add(new MeasuringHandler(probe));
        pipeline.Start();

        long producerBefore = 0;
        for (long i = 0; i <= warmup + measured; i++)
        {
            if (i == warmup) producerBefore = GC.GetAllocatedBytesForCurrentThread();
            if (i % 2 == 0)
            {
                long s = ring.Claim();
                ring[s].Counter = i;
                ring.Publish(s);
            }
            else
            {
                while (!ring.TryPublish(new TestEvent { Counter = i })) Thread.Yield();
            }
        }
        long producerAllocated = GC.GetAllocatedBytesForCurrentThread() - producerBefore;
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, producerAllocated);
        Assert.True(probe.ConsumerBefore >= 0 && probe.ConsumerAfter >= 0);
        Assert.Equal(0, probe.ConsumerAfter - probe.ConsumerBefore);
    }
}
