using TradingMon.Aeron;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>SendOnOffer = false: Offer only appends; the caller's DoWork sends the batch, several frames per datagram.</summary>
public class CallerDrivenBatchingTests
{
    [Fact]
    public void Offers_wait_for_DoWork_and_go_out_batched_in_one_datagram_in_order()
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40183|term-length=1m|linger=100ms";
        using var subscription = AeronSubscription.Open(channel, 1001);
        using var publication = AeronPublication.Open(channel, 1001, new PublicationOptions { DedicatedSenderThread = false, SendOnOffer = false });
        var received = new List<int>();
        MessageHandler handler = (message, in _) => received.Add(message[0]);
        Eventually.Until(() => publication.IsConnected, () => { publication.DoWork(); subscription.Poll(handler); },
            TimeSpan.FromSeconds(10), () => "no connection");

        int count = publication.Mtu / 96; // 64-byte payload + 32-byte header: exactly this many fit one datagram
        long datagramsBefore = publication.Counters.DataDatagramsSent.Value;
        byte[] message = new byte[64];
        for (int i = 0; i < count; i++)
        {
            message[0] = (byte)i;
            Assert.True(publication.Offer(message) > 0);
        }
        Assert.Equal(datagramsBefore, publication.Counters.DataDatagramsSent.Value); // nothing sent by Offer

        publication.DoWork();
        Assert.Equal(datagramsBefore + 1, publication.Counters.DataDatagramsSent.Value);
        Eventually.Until(() => received.Count >= count, () => { subscription.Poll(handler); publication.DoWork(); },
            TimeSpan.FromSeconds(10), () => $"received {received.Count} of {count}");
        Assert.Equal(Enumerable.Range(0, count), received);
    }
}
