using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using TradingMon.Aeron.Alerts;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// Interoperability with a real Aeron C media driver (issue acceptance): a real <c>aeronmd</c> with
/// <c>basic_subscriber</c> receives our publication, and our subscription receives a real
/// <c>basic_publisher</c>'s stream through the driver. Opt-in: set AERON_BIN_DIR (see
/// <see cref="InteropFactAttribute"/>); the Aeron build is never part of this repository.
/// </summary>
public class AeronInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [InteropFact]
    public void Real_driver_and_basic_subscriber_receive_our_alerts_fragmented_messages_and_end_of_stream()
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40281";
        using var driver = new InteropMediaDriver("pub");
        var subscriber = driver.StartSample("basic_subscriber", "-c", channel, "-s", "1001");
        Assert.True(subscriber.WaitForOutput(l => l.Any(x => x.StartsWith("Subscription channel status")), Patience), subscriber.Transcript());

        // Aeron's defaults (16 MiB terms, mtu 1408) as a real application would use; short linger for the test.
        var publication = AeronPublication.Open(channel + "|linger=1s", 1001);
        try
        {
            Assert.True(AlertLoopback.PollUntil(() => publication.IsConnected, () => Thread.Sleep(5), Patience),
                $"the real driver never answered our SETUP: {publication.Counters}\n{subscriber.Transcript()}");
            var sink = new AeronAlertSink(publication, _ => { });
            var alertLengths = new List<int>();
            var buffer = new byte[AlertCodec.MaxEncodedLength];
            for (int i = 1; i <= 5; i++)
            {
                sink.Publish(AlertSamples.Numbered(i));
                alertLengths.Add(AlertEncoder.Encode(AlertSamples.Numbered(i), buffer, out _));
            }
            // basic_subscriber prints payloads as text: readable messages prove the bytes, not only the framing.
            for (int i = 1; i <= 3; i++) Assert.True(publication.Offer(Encoding.ASCII.GetBytes($"tradingmon alert {i}")) > 0);
            string large = string.Concat(Enumerable.Repeat("0123456789", 500)); // 5000 bytes: 4 fragments at mtu 1408
            Assert.True(publication.Offer(Encoding.ASCII.GetBytes(large)) > 0);
            Assert.Equal(5, sink.Counters.Published.Value);

            string session = publication.SessionId.ToString();
            string prefix = $"Message to stream 1001 from session {session} ";
            bool allArrived = subscriber.WaitForOutput(l => l.Count(x => x.StartsWith(prefix)) >= 9, Patience);
            Assert.True(allArrived, $"{publication.Counters}\n{subscriber.Transcript()}");

            var messages = subscriber.Lines.Where(x => x.StartsWith(prefix)).ToList();
            Assert.Contains(subscriber.Lines, l => l.StartsWith("Available image on") && l.Contains($"sessionId={session} mtu=1408 term-length=16777216"));
            Assert.Equal(alertLengths.Select(n => $"({n} bytes)"), messages.Take(5).Select(m => Regex.Match(m, @"\(\d+ bytes\)").Value));
            Assert.Equal(["(18 bytes) <<tradingmon alert 1>>", "(18 bytes) <<tradingmon alert 2>>", "(18 bytes) <<tradingmon alert 3>>"],
                messages.Skip(5).Take(3).Select(m => m[prefix.Length..]));
            Assert.Equal($"(5000 bytes) <<{large}>>", messages[8][prefix.Length..]);
        }
        finally
        {
            publication.Dispose(); // EOS heartbeats for the 1 s linger
        }
        // The driver closes the image on EOS (conductor timer: 1-3 s), well before its 10 s liveness timeout.
        Assert.True(subscriber.WaitForOutput(l => l.Any(x => x.StartsWith("Unavailable image on")), Patience), subscriber.Transcript());
    }

    [InteropFact]
    public void Our_subscription_receives_a_real_basic_publisher_through_the_driver()
    {
        const string channel = "aeron:udp?endpoint=127.0.0.1:40282";
        using var driver = new InteropMediaDriver("sub");
        var images = new ConcurrentQueue<string>();
        using var subscription = AeronSubscription.Open(channel, 1001, new SubscriptionOptions
        {
            ImageAvailable = i => images.Enqueue($"available {i.SessionId} mtu={i.Mtu} term-length={i.TermLength}"),
            ImageUnavailable = i => images.Enqueue($"unavailable {i.SessionId}"),
        });
        var received = new List<string>();

        // basic_publisher sends "Hello World! i" once a second; the first offer may precede the connection.
        var publisher = driver.StartSample("basic_publisher", "-c", channel, "-s", "1001", "-m", "4");
        bool gotLast = AlertLoopback.PollUntil(() => received.Contains("Hello World! 3"), () => subscription.Poll(
            (ReadOnlySpan<byte> message, in MessageHeader _) => received.Add(Encoding.ASCII.GetString(message))), Patience);
        Assert.True(gotLast, $"received [{string.Join(", ", received)}]; {subscription.Counters}\n{publisher.Transcript()}");

        int first = int.Parse(received[0]["Hello World! ".Length..]);
        Assert.InRange(first, 0, 2);
        Assert.Equal(Enumerable.Range(first, 4 - first).Select(i => $"Hello World! {i}"), received);
        Assert.Equal($"available", images.First().Split(' ')[0]);
        Assert.EndsWith("mtu=1408 term-length=16777216", images.First());
        Assert.Equal(0, subscription.Counters.MalformedDatagrams.Value);

        // basic_publisher closes its publication; the driver lingers sending EOS heartbeats and our image closes.
        Assert.True(publisher.WaitForExit(Patience), publisher.Transcript());
        Assert.True(AlertLoopback.PollUntil(() => subscription.Counters.ImagesClosedEos.Value == 1, () => subscription.Poll(AlertLoopback.Ignore), Patience),
            $"{subscription.Counters}");
    }
}
