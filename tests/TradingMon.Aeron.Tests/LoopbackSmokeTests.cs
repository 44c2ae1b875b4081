using System.Text;
using TradingMon.Aeron;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class LoopbackSmokeTests
{
    [Fact]
    public void Publisher_reaches_subscriber_in_order()
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40110|term-length=64k|linger=100ms";
        using var subscription = AeronSubscription.Open(channel, 1001);
        using var publication = AeronPublication.Open(channel, 1001);
        var received = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int sent = 0;
        while (received.Count < 2000 && DateTime.UtcNow < deadline)
        {
            if (sent < 2000 && publication.Offer(Encoding.ASCII.GetBytes($"msg-{sent}")) > 0) sent++;
            subscription.Poll((ReadOnlySpan<byte> message, in MessageHeader _) => received.Add(Encoding.ASCII.GetString(message)));
        }
        Assert.Equal(2000, received.Count);
        for (int i = 0; i < received.Count; i++) Assert.Equal($"msg-{i}", received[i]);
    }
}
