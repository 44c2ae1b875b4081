using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class AeronAlertSinkTests
{
    [Fact]
    public void Alerts_without_a_subscriber_are_counted_and_the_outage_is_logged_once()
    {
        using var publication = AeronPublication.Open(AlertLoopback.Channel(40201), 1001);
        var log = new List<string>();
        var sink = new AeronAlertSink(publication, log.Add);

        for (int i = 1; i <= 10; i++) sink.Publish(AlertSamples.Numbered(i));

        Assert.Equal(10, sink.Counters.NotConnected.Value);
        Assert.Equal(0, sink.Counters.Published.Value);
        var line = Assert.Single(log);
        Assert.Contains("NOT reaching any subscriber: NOT_CONNECTED", line);
    }

    [Fact]
    public void Every_alert_arrives_decodable_and_in_order()
    {
        // 1 MiB terms: the log takes all 1000 alerts (half a term, 512 KiB) before the subscriber reads any.
        const string channel = "aeron:udp?endpoint=127.0.0.1:40202|term-length=1m|linger=50ms";
        using var subscription = AeronSubscription.Open(channel, 1001);
        using var publication = AeronPublication.Open(channel, 1001);
        var sink = new AeronAlertSink(publication, _ => { });
        AlertLoopback.Connect(publication, subscription);
        var received = new List<Alert>();

        sink.Publish(AlertSamples.Golden());
        for (int i = 1; i <= 999; i++) sink.Publish(AlertSamples.Numbered(i));
        Assert.True(AlertLoopback.PollUntil(() => received.Count == 1000, () => subscription.Poll(
            (ReadOnlySpan<byte> message, in MessageHeader _) =>
            {
                Assert.Equal(AlertDecodeResult.Ok, AlertLoopback.Decode(message, out var alert));
                received.Add(alert);
            })), $"received {received.Count}; {sink.Counters}; {subscription.Counters}");

        Assert.Equal(1000, sink.Counters.Published.Value);
        Assert.Equal(0, sink.Counters.Refused);
        AlertCodecTests.AssertSameAlert(AlertSamples.Golden(), received[0]);
        for (int i = 1; i < 1000; i++) AlertCodecTests.AssertSameAlert(AlertSamples.Numbered(i), received[i]);
    }

    [Fact]
    public void A_subscriber_that_stops_reading_back_pressures_without_blocking_and_every_refusal_is_counted()
    {
        using var subscription = AeronSubscription.Open(AlertLoopback.Channel(40203), 1001);
        using var publication = AeronPublication.Open(AlertLoopback.Channel(40203), 1001);
        var log = new List<string>();
        var sink = new AeronAlertSink(publication, log.Add);
        AlertLoopback.Connect(publication, subscription);

        // The subscriber no longer polls: its window (term-length/2 = 32 KiB) and the log's half term fill up.
        for (int i = 1; i <= 3000; i++) sink.Publish(AlertSamples.Numbered(i));

        Assert.True(sink.Counters.BackPressured.Value > 0, sink.Counters.ToString());
        Assert.Equal(3000, sink.Counters.Published.Value + sink.Counters.Refused);
        Assert.Contains(log, l => l.Contains("BACK_PRESSURED"));
    }

    [Fact]
    public void Concurrent_publishers_each_get_a_whole_message_on_the_wire()
    {
        // The ring consumer and aggregator actors both raise alerts: the sink must serialise them.
        using var subscription = AeronSubscription.Open(AlertLoopback.Channel(40204), 1001);
        using var publication = AeronPublication.Open(AlertLoopback.Channel(40204), 1001);
        var sink = new AeronAlertSink(publication, _ => { });
        AlertLoopback.Connect(publication, subscription);
        const int perThread = 2000;
        var sequences = new HashSet<long>();
        int decodeFailures = 0;
        bool writersDone = false;
        var reader = new Thread(() => AlertLoopback.PollUntil(
            () => Volatile.Read(ref writersDone) && sequences.Count + decodeFailures >= sink.Counters.Published.Value,
            () => subscription.Poll((ReadOnlySpan<byte> message, in MessageHeader _) =>
            {
                if (AlertLoopback.Decode(message, out var alert) == AlertDecodeResult.Ok && alert.Host == "test-host") sequences.Add(alert.Sequence);
                else decodeFailures++;
            })));
        reader.Start();

        var writers = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (int i = 1; i <= perThread; i++) sink.Publish(AlertSamples.Numbered(t * perThread + i));
        })).ToList();
        writers.ForEach(w => w.Start());
        writers.ForEach(w => w.Join());
        Volatile.Write(ref writersDone, true);
        reader.Join();

        Assert.Equal(0, decodeFailures);
        Assert.Equal(2 * perThread, sink.Counters.Published.Value + sink.Counters.Refused);
        Assert.Equal(sink.Counters.Published.Value, sequences.Count);
        Assert.True(sink.Counters.Published.Value > 0);
    }

    [Fact]
    public void Publishing_a_connected_alert_allocates_nothing()
    {
        using var subscription = AeronSubscription.Open(AlertLoopback.Channel(40205), 1001);
        using var publication = AeronPublication.Open(AlertLoopback.Channel(40205), 1001);
        var sink = new AeronAlertSink(publication, _ => { });
        AlertLoopback.Connect(publication, subscription);
        var alert = AlertSamples.Golden();
        sink.Publish(alert); // first-call costs outside the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) sink.Publish(alert);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(101, sink.Counters.Published.Value);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_per_alert_log_line_names_the_alert_and_the_offer_result()
    {
        using var publication = AeronPublication.Open(AlertLoopback.Channel(40206), 1001);
        var lines = new List<string>();
        var sink = new AeronAlertSink(publication, _ => { }, lines.Add);

        sink.Publish(AlertSamples.Golden());

        Assert.Equal($"alert {AlertFormatter.HumanLine(AlertSamples.Golden())} -> NOT_CONNECTED", Assert.Single(lines));
    }
}
