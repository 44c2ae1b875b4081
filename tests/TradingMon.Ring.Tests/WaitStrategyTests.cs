using TradingMon.Core;
using TradingMon.Ring.Kernel;

namespace TradingMon.Ring.Tests;

public class WaitStrategyTests
{
    [Theory]
    [InlineData("busy-spin", typeof(BusySpinWaitStrategy))]
    [InlineData("Yielding", typeof(YieldingWaitStrategy))]
    [InlineData(" sleeping ", typeof(SleepingWaitStrategy))]
    [InlineData("blocking", typeof(BlockingWaitStrategy))]
    public void CreatesTheNamedStrategy(string name, Type expected) => Assert.IsType(expected, WaitStrategies.Create(name));

    [Fact]
    public void DefaultParksInsteadOfSpinning()
    {
        var strategy = WaitStrategies.Create(WaitStrategies.Default);
        Assert.True(strategy.IsBlocking);
        Assert.Null(((BlockingWaitStrategy)strategy).Timeout);
        Assert.True(new RingBuffer<long>(ProducerType.Single, 4).Sequencer.WaitStrategy.IsBlocking);
    }

    [Fact]
    public void TimeoutBlockingNeedsATimeout()
    {
        var s = (BlockingWaitStrategy)WaitStrategies.Create("timeout-blocking", TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(5), s.Timeout);
        var e = Assert.Throws<ArgumentException>(() => WaitStrategies.Create("timeout-blocking"));
        Assert.Contains("needs a timeout", e.Message);
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => WaitStrategies.Create("spinny"));
        Assert.Contains("unknown wait strategy 'spinny'", e.Message);
        foreach (var name in WaitStrategies.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void KernelRingConfigurationErrorsAreUserErrors()
    {
        var e = Assert.Throws<TradingMonException>(() => KernelEventRing.Create(ProducerType.Single, 1000));
        Assert.Contains("power of two", e.Message);
        e = Assert.Throws<TradingMonException>(() => KernelEventRing.Create(ProducerType.Single, 1024, "fast"));
        Assert.Contains("unknown wait strategy 'fast'", e.Message);
    }

    [Fact]
    public void TimeoutReachesATimeoutHandlerWithoutLosingItsState()
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 8, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(10)));
        var p = new BatchEventProcessor<long, TimeoutCountingHandler>(ring, ring.NewBarrier(), default);
        ring.AddGatingSequences(p.Sequence);
        p.Start();
        ring.TryPublish(1);
        ring.TryPublish(2);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (p.Sequence.Value < 1 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Thread.Sleep(100); // idle: several 10 ms timeouts
        Assert.True(p.Drain(TimeSpan.FromSeconds(10)));
        var handler = p.Handler; // a struct: its state lives in the processor's field
        Assert.Equal(2, handler.Events);
        Assert.True(handler.Timeouts >= 2, $"only {handler.Timeouts} timeouts");
        Assert.Equal(1, handler.LastTimeoutSequence);
    }

    [Fact]
    public void BlockingWakesEveryParkedConsumerAfterEachIdleGap()
    {
        // Two consumers park on one strategy; the first publish after each gap must wake both (the producer
        // clears the signal flag for everyone), or a consumer sleeps forever with the event unread.
        var ring = new RingBuffer<long>(ProducerType.Single, 8, new BlockingWaitStrategy());
        var a = new BatchEventProcessor<long, TimeoutCountingHandler>(ring, ring.NewBarrier(), default);
        var b = new BatchEventProcessor<long, TimeoutCountingHandler>(ring, ring.NewBarrier(), default);
        ring.AddGatingSequences(a.Sequence, b.Sequence);
        a.Start();
        b.Start();
        for (long i = 0; i < 200; i++)
        {
            Thread.Sleep(1); // long enough for both to stop spinning and park
            ring.TryPublish(i);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((a.Sequence.Value < i || b.Sequence.Value < i) && DateTime.UtcNow < deadline) Thread.Yield();
            Assert.True(a.Sequence.Value == i && b.Sequence.Value == i, $"event {i} not delivered: a at {a.Sequence.Value}, b at {b.Sequence.Value}");
        }
        Assert.True(a.Drain(TimeSpan.FromSeconds(10)));
        Assert.True(b.Drain(TimeSpan.FromSeconds(10)));
    }

    private struct TimeoutCountingHandler : IEventHandler<long>, ITimeoutHandler
    {
        public int Events, Timeouts;
        public long LastTimeoutSequence;
        public void OnEvent(ref long evt, long sequence, bool endOfBatch) => Events++;
        public void OnTimeout(long sequence)
        {
            Timeouts++;
            LastTimeoutSequence = sequence;
        }
    }
}
