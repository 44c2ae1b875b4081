using TradingMon.Aeron;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>The ring consumer publishes alerts through Offer: it must not allocate, whatever it returns.</summary>
public class OfferAllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Offer_allocates_nothing_when_accepted_or_refused(bool dedicatedSenderThread)
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40180|term-length=64k|linger=100ms";
        using var publication = AeronPublication.Open(channel.Replace("40180", dedicatedSenderThread ? "40180" : "40181"), 1001,
            new PublicationOptions { DedicatedSenderThread = dedicatedSenderThread });
        byte[] message = new byte[64];
        // Warm up every path once (JIT, first native calls): offers, and a SETUP that goes out every 100 ms.
        for (var until = DateTime.UtcNow.AddMilliseconds(250); DateTime.UtcNow < until;)
        {
            publication.Offer(message);
            if (!dedicatedSenderThread) publication.DoWork();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            publication.Offer(message); // NotConnected: no subscriber
            if (!dedicatedSenderThread) publication.DoWork();
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(publication.Counters.NotConnected.Value >= 10_000);
    }

    [Fact]
    public void Offer_allocates_nothing_while_connected_and_sending_inline()
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40182|term-length=1m|linger=100ms";
        using var subscription = AeronSubscription.Open(channel, 1001);
        using var publication = AeronPublication.Open(channel, 1001, new PublicationOptions { DedicatedSenderThread = false });
        long received = 0;
        MessageHandler handler = (_, in _) => received++;
        Eventually.Until(() => publication.IsConnected, () => { publication.DoWork(); subscription.Poll(handler); },
            TimeSpan.FromSeconds(10), () => "no connection");
        byte[] message = new byte[64];
        for (int i = 0; i < 1000; i++) { publication.Offer(message); publication.DoWork(); subscription.Poll(handler); }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (publication.Offer(message) > 0) accepted++;
            publication.DoWork();
            subscription.Poll(handler);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(accepted > 1000, $"only {accepted} offers accepted");
    }
}
