using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Ring.Kernel;

namespace TradingMon.Ring.Tests;

public class KernelEventRingPublisherTests
{
    [Fact]
    public void CopiesTheWhole88ByteEventAndCountsDrops()
    {
        var ring = KernelEventRing.Create(ProducerType.Single, 4);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        IKernelEventSink sink = new KernelEventRingPublisher(ring);

        var bytes = new byte[KernelEvent.Size];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 + 1);
        var e = MemoryMarshal.Read<KernelEvent>(bytes);
        for (int i = 0; i < 4; i++) Assert.True(sink.TryPublish(e));
        Assert.False(sink.TryPublish(e)); // full: refused at once, never blocks the kernel drain

        var publisher = (KernelEventRingPublisher)sink;
        Assert.Equal((4L, 1L), (publisher.Published, publisher.Dropped));
        Assert.Equal(1, ring.Counters().TryClaimFailures);
        for (long s = 0; s < 4; s++)
        {
            var copy = ring[s];
            Assert.Equal(bytes, MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref copy, 1)).ToArray());
        }
    }
}
