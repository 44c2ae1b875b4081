using TradingMon.Aeron;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// Publisher to subscriber through a relay that drops 5 %, duplicates and reorders datagrams in
/// both directions: every message must still arrive exactly once, in order, intact.
/// </summary>
public class LossyTransferTests(ITestOutputHelper output)
{
    private const int StreamId = 1001;

    [Fact]
    public void Hundred_thousand_messages_with_5KB_fragmented_ones_and_term_rotation_arrive_exactly_once_in_order()
    {
        // 1 MiB terms: ~20 rotations with PAD; every 97th message is 5 KB, i.e. four fragments at mtu 1408.
        var stream = new TestStream(i => i % 97 == 0 ? 5000 : 16 + (int)(i % 200));
        Transfer(stream, 100_000, termLength: "1m", proxyPort: 40120, subscriberPort: 40121, minTerms: 15);
    }

    [Fact]
    public void Small_terms_of_64KiB_rotate_through_loss()
    {
        var stream = new TestStream(i => i % 29 == 0 ? 5000 : 16 + (int)(i % 300));
        Transfer(stream, 15_000, termLength: "64k", proxyPort: 40122, subscriberPort: 40123, minTerms: 40);
    }

    private void Transfer(TestStream stream, int messages, string termLength, int proxyPort, int subscriberPort, int minTerms)
    {
        using var proxy = new LossyUdpProxy(proxyPort, subscriberPort, dropRate: 0.05, duplicateRate: 0.02, reorderRate: 0.03);
        using var subscription = AeronSubscription.Open($"aeron:udp?endpoint=127.0.0.1:{subscriberPort}", StreamId);
        using var publication = AeronPublication.Open(
            $"aeron:udp?endpoint=127.0.0.1:{proxyPort}|term-length={termLength}|linger=100ms", StreamId);
        var scratch = new byte[8192];

        Eventually.Until(() => stream.Received == messages, () =>
        {
            for (int burst = 0; burst < 64 && stream.NextToSend < messages; burst++)
                if (!stream.OfferNext(publication, scratch)) break;
            subscription.Poll(stream.OnMessage, 1024);
        }, TimeSpan.FromSeconds(90), () => $"received {stream.Received}/{messages}; {proxy}; pub: {publication.Counters}; sub: {subscription.Counters}");

        output.WriteLine(proxy.ToString());
        output.WriteLine($"publication: {publication.Counters}");
        output.WriteLine($"subscription: {subscription.Counters}");
        Assert.True(proxy.Dropped > 50, "the relay must really have lost datagrams");
        Assert.True(publication.Counters.Retransmits.Value > 0, "loss must have been repaired by NAK + resend");
        Assert.True(subscription.Counters.NaksSent.Value > 0);
        Assert.True(publication.Position > (long)minTerms * publication.TermLength, "the stream must have rotated through many terms");
    }
}
