using System.Text;
using TradingMon.Aeron;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>Late joiners, restarts on either side and end of stream in both directions, over loopback.</summary>
public class ConnectionLifecycleTests
{
    private const int StreamId = 1001;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly byte[] Scratch = new byte[256];

    private static string Channel(int port) => $"aeron:udp?endpoint=127.0.0.1:{port}|term-length=64k|linger=200ms";

    [Fact]
    public void Late_subscriber_connects_once_it_binds_and_gets_everything_offered_after()
    {
        using var publication = AeronPublication.Open(Channel(40140), StreamId);
        Assert.Equal(OfferResult.NotConnected, publication.Offer("too early"u8));
        Thread.Sleep(300); // several unanswered SETUPs
        Assert.True(publication.Counters.NotConnected.Value >= 1);
        Assert.True(publication.Counters.SetupsSent.Value >= 2);

        using var subscription = AeronSubscription.Open(Channel(40140), StreamId);
        var stream = new TestStream(i => 24);
        Eventually.Until(() => publication.IsConnected, () => subscription.Poll(stream.OnMessage), Timeout, () => "publication never connected");
        Pump(publication, subscription, stream, 500);
    }

    [Fact]
    public void Restarted_subscriber_elicits_a_setup_and_resumes_in_order()
    {
        using var publication = AeronPublication.Open(Channel(40141), StreamId);
        var first = new TestStream(i => 40);
        using (var subscription = AeronSubscription.Open(Channel(40141), StreamId))
        {
            Pump(publication, subscription, first, 300);
        } // EOS status messages: the publication must notice at once, not after the 5 s timeout
        Eventually.Until(() => !publication.IsConnected, () => Thread.Sleep(1), TimeSpan.FromSeconds(3), () => "EOS SM ignored");
        Assert.True(publication.Counters.EosStatusMessagesReceived.Value >= 1);

        using var restarted = AeronSubscription.Open(Channel(40141), StreamId);
        var second = new TestStream(i => 40);
        // The publication's heartbeat reaches a subscriber without an image: it asks for SETUP (SM flag 0x80).
        Eventually.Until(() => publication.IsConnected, () => restarted.Poll(second.OnMessage), Timeout, () => "no reconnection");
        Assert.True(restarted.Counters.SetupsElicited.Value >= 1);
        Assert.True(publication.Counters.SetupsElicited.Value >= 1);
        Pump(publication, restarted, second, 300);
    }

    [Fact]
    public void Restarted_publisher_gets_a_new_session_and_the_old_image_closes_on_end_of_stream()
    {
        var unavailable = new List<ImageInfo>();
        var available = new List<ImageInfo>();
        using var subscription = AeronSubscription.Open(Channel(40142), StreamId,
            new SubscriptionOptions { ImageAvailable = available.Add, ImageUnavailable = unavailable.Add });

        int firstSession;
        using (var publication = AeronPublication.Open(Channel(40142), StreamId))
        {
            firstSession = publication.SessionId;
            Assert.False(firstSession is >= -1 and <= 1000);
            Pump(publication, subscription, new TestStream(i => 100), 200);
            Task.Run(publication.Dispose); // lingers 200 ms sending EOS heartbeats while we keep polling
            Eventually.Until(() => unavailable.Count == 1, () => subscription.Poll((_, in _) => { }), Timeout,
                () => $"image not closed on EOS: {subscription.Counters}");
        }
        Assert.Equal(firstSession, unavailable[0].SessionId);
        Assert.Equal(1, subscription.Counters.ImagesClosedEos.Value);

        using var restarted = AeronPublication.Open(Channel(40142), StreamId);
        Assert.NotEqual(firstSession, restarted.SessionId);
        Pump(restarted, subscription, new TestStream(i => 100), 200);
        Assert.Equal(2, available.Count);
        Assert.Equal(restarted.SessionId, available[1].SessionId);
    }

    [Fact]
    public void Closed_publication_refuses_offers_with_closed_and_counts_them()
    {
        var publication = AeronPublication.Open(Channel(40143), StreamId);
        publication.Dispose();
        Assert.Equal(OfferResult.Closed, publication.Offer("late"u8));
        Assert.Equal(1, publication.Counters.Closed.Value);
    }

    [Fact]
    public void Caller_driven_publication_works_without_a_sender_thread()
    {
        using var subscription = AeronSubscription.Open(Channel(40144), StreamId);
        using var publication = AeronPublication.Open(Channel(40144), StreamId, new PublicationOptions { DedicatedSenderThread = false });
        var stream = new TestStream(i => 3000); // fragmented
        Eventually.Until(() => stream.Received == 300, () =>
        {
            publication.DoWork();
            if (stream.NextToSend < 300) stream.OfferNext(publication, new byte[4096]);
            subscription.Poll(stream.OnMessage);
        }, Timeout, () => $"received {stream.Received}: {publication.Counters}");
    }

    /// <summary>Offers <paramref name="count"/> messages and polls until all arrived, in order.</summary>
    private static void Pump(AeronPublication publication, AeronSubscription subscription, TestStream stream, int count)
    {
        long target = stream.NextToSend + count;
        Eventually.Until(() => stream.Received >= target, () =>
        {
            if (stream.NextToSend < target) stream.OfferNext(publication, Scratch);
            subscription.Poll(stream.OnMessage);
        }, Timeout, () => $"received {stream.Received}/{target}; pub {publication.Counters}; sub {subscription.Counters}");
    }
}
