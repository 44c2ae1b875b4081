namespace TradingMon.Ring.Tests;

/// <summary>Try-claim refuses exactly when the ring is full, counts each refusal, and recovers as consumers advance.</summary>
public class TryClaimTests
{
    [Theory]
    [InlineData(ProducerType.Single, 1)]
    [InlineData(ProducerType.Single, 4)]
    [InlineData(ProducerType.Multi, 2)]
    [InlineData(ProducerType.Multi, 8)]
    public void FailsExactlyWhenFull(ProducerType type, int size)
    {
        var ring = new RingBuffer<long>(type, size, new BlockingWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        for (int i = 0; i < size; i++)
        {
            Assert.Equal(size - i, ring.Counters().RemainingCapacity);
            Assert.True(ring.TryClaim(out long s));
            Assert.Equal(i, s);
            ring[s] = s;
            ring.Publish(s);
        }
        Assert.Equal(0, ring.Counters().RemainingCapacity);
        Assert.False(ring.TryClaim(out _));
        Assert.False(ring.TryClaim(out _));
        Assert.Equal(2, ring.Counters().TryClaimFailures);

        // The consumer frees one slot: exactly one claim fits again.
        consumer.SetValue(0);
        Assert.True(ring.TryClaim(out long next));
        Assert.Equal(size, next);
        ring.Publish(next);
        Assert.False(ring.TryClaim(out _));
        Assert.Equal(new RingCounters(size + 1, 1, 3, 0, 0, size), ring.Counters());
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void BatchTryClaimNeedsRoomForTheWholeBatch(ProducerType type)
    {
        var ring = new RingBuffer<long>(type, 8, new BlockingWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        Assert.True(ring.TryClaim(5, out long high));
        Assert.Equal(4, high);
        ring.Publish(0, 4);
        Assert.False(ring.TryClaim(4, out _)); // 3 free
        Assert.True(ring.TryClaim(3, out high));
        Assert.Equal(7, high);
        ring.Publish(5, 7);
        Assert.Equal(8, ring.HighestPublished + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryClaim(9, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Claim(0));
    }

    [Fact]
    public void MultiProducerConsumersNeverSeeAClaimedButUnpublishedSlot()
    {
        var ring = new RingBuffer<long>(ProducerType.Multi, 8, new BlockingWaitStrategy());
        var barrier = ring.NewBarrier();
        Assert.True(ring.TryClaim(out long first));
        Assert.True(ring.TryClaim(out long second));
        ring.Publish(second); // published out of order: `first` is still being written
        Assert.Equal(-1, ring.HighestPublished);
        Assert.Equal(first - 1, barrier.WaitFor(first));
        ring.Publish(first);
        Assert.Equal(second, barrier.WaitFor(first));
    }
}
