using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HdrHistogram;
using TradingMon.Aeron;
using TradingMon.Core;

namespace TradingMon.Benchmarks;

/// <summary>
/// `aeron-loopback [rounds] [rate/s]`: our Aeron publication -> our Aeron subscription over loopback, against
/// the raw UDP floor measured in the same run with the same socket pattern (one non-blocking sender socket,
/// one non-blocking receiver busy-polled on the other core). Each round measures:
/// <list type="bullet">
/// <item>one-way latency of 64-byte messages paced at `rate` per second (so it is latency, not queueing):
/// the publisher writes CLOCK_MONOTONIC into the payload just before sending, the receiver records
/// (now - stamp) into an HdrHistogram;</item>
/// <item>throughput: <see cref="BurstMessages"/> offered as fast as Offer accepts them (back-pressured offers
/// are retried and counted), timed until the subscriber has delivered the last one; every message carries
/// its sequence number and the receiver checks none is lost, duplicated or reordered.</item>
/// </list>
/// Prints each round, then the median over rounds. Publisher on CPU 0 (caller-driven publication: on 2 vCPUs
/// a dedicated sender thread would have no core of its own), receiver on CPU 1.
/// </summary>
public static class AeronLoopbackHarness
{
    public const int MessageLength = 64;
    public const int PacedMessages = 20_000;
    public const int WarmupMessages = 2_000;
    public const int BurstMessages = 1_000_000;
    private const string Channel = "aeron:udp?endpoint=127.0.0.1:40293|so-rcvbuf=4m|so-sndbuf=4m|linger=20ms";
    private const int RawPort = 40294;
    private const int StreamId = 1005;

    public static void Run(int rounds, int ratePerSecond)
    {
        Console.WriteLine($"aeron-loopback: rounds={rounds} paced rate={ratePerSecond}/s x {PacedMessages} msgs (+{WarmupMessages} warmup), " +
                          $"burst={BurstMessages} msgs of {MessageLength} B, load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        var raw = new List<Percentiles>();
        var aeron = new List<Percentiles>();
        var batched = new List<Percentiles>();
        var throughput = new List<double>();
        var batchedThroughput = new List<double>();
        var rawThroughput = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            raw.Add(RawUdpOneWay(ratePerSecond));
            (var oneWay, double perSecond) = AeronRound(ratePerSecond, sendOnOffer: true);
            aeron.Add(oneWay);
            throughput.Add(perSecond);
            (oneWay, perSecond) = AeronRound(ratePerSecond, sendOnOffer: false);
            batched.Add(oneWay);
            batchedThroughput.Add(perSecond);
            rawThroughput.Add(RawUdpThroughput());
            Console.WriteLine($"round {round + 1}:\n  raw-udp          {raw[^1]}\n  aeron send-on-offer {aeron[^1]} {throughput[^1] / 1e6:F2} M msgs/s" +
                              $"\n  aeron batched    {batched[^1]} {batchedThroughput[^1] / 1e6:F2} M msgs/s\n  raw-udp {rawThroughput[^1] / 1e6:F2} M datagrams/s");
        }
        Percentiles rawMedian = Percentiles.Median(raw);
        Console.WriteLine($"median one-way raw-udp            : {rawMedian}");
        foreach ((string name, List<Percentiles> oneWays, List<double> perSeconds) in
                 new[] { ("aeron send-on-offer", aeron, throughput), ("aeron batched (DoWork)", batched, batchedThroughput) })
        {
            var median = Percentiles.Median(oneWays);
            Console.WriteLine($"median one-way {name,-20}: {median}; ratio to raw-udp p50 x{median.P50 / rawMedian.P50:F2} p99 x{median.P99 / rawMedian.P99:F2} p99.9 x{median.P999 / rawMedian.P999:F2}");
            Console.WriteLine($"median throughput {name,-17}: {RoundStats.Median(perSeconds) / 1e6:F2} M msgs/s (64 B, zero loss checked)");
        }
        Console.WriteLine($"median raw-udp one datagram per sendto: {RoundStats.Median(rawThroughput) / 1e6:F2} M datagrams/s");
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static (Percentiles OneWay, double PerSecond) AeronRound(int ratePerSecond, bool sendOnOffer)
    {
        using var subscription = AeronSubscription.Open(Channel, StreamId, new SubscriptionOptions { Log = _ => { } });
        var receiver = new AeronReceiver(subscription);
        var thread = new Thread(receiver.Loop) { IsBackground = true, Name = "aeron-bench-receiver" };
        thread.Start();
        LinuxThread.PinCurrentThread(0);
        using var publication = AeronPublication.Open(Channel, StreamId, new PublicationOptions { DedicatedSenderThread = false, SendOnOffer = sendOnOffer, Log = _ => { } });
        Span<byte> message = stackalloc byte[MessageLength];
        long deadline = LinuxThread.MonotonicNs() + 5_000_000_000L;
        while (!publication.IsConnected)
        {
            publication.DoWork();
            if (LinuxThread.MonotonicNs() > deadline) throw new TradingMonException("aeron-loopback: no SM from our subscription within 5 s");
        }

        long sequence = 0, backPressured = 0;
        long intervalNs = 1_000_000_000L / ratePerSecond;
        long next = LinuxThread.MonotonicNs();
        for (int i = 0; i < WarmupMessages + PacedMessages; i++)
        {
            if (i == WarmupMessages)
            {
                // Drain the warmup (a batched publication sends only in DoWork), then start recording.
                while (receiver.Expected != sequence) publication.DoWork();
                receiver.Reset();
            }
            while (LinuxThread.MonotonicNs() < next) publication.DoWork();
            next += intervalNs;
            backPressured += Offer(publication, message, sequence++);
        }
        while (receiver.Received < PacedMessages) publication.DoWork();
        var oneWay = Percentiles.Of(receiver.Latency);

        long target = receiver.Received + BurstMessages;
        long start = LinuxThread.MonotonicNs();
        for (int i = 0; i < BurstMessages; i++)
        {
            backPressured += Offer(publication, message, sequence++);
            // Caller-driven: SMs are read (and, batched, data sent) only in DoWork: 16 x 96 B frames is about one MTU.
            if ((i & 15) == 0) publication.DoWork();
        }
        while (Volatile.Read(ref receiver.Received) < target) publication.DoWork();
        double perSecond = BurstMessages / ((LinuxThread.MonotonicNs() - start) / 1e9);
        receiver.Stop = true;
        thread.Join();
        if (receiver.OutOfOrder != 0 || receiver.Received != target)
            throw new InvalidOperationException($"aeron-loopback lost or reordered messages: received {receiver.Received} of {target}, out of order {receiver.OutOfOrder}");
        if (backPressured > 0) Console.WriteLine($"  back-pressured offers retried: {backPressured}; publication {publication.Counters}");
        return (oneWay, perSecond);
    }

    /// <summary>Offers one stamped message, retrying while back pressured; returns the number of retries.</summary>
    private static long Offer(AeronPublication publication, Span<byte> message, long sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(message[8..], sequence);
        for (long retries = 0; ; retries++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(message, LinuxThread.MonotonicNs());
            long result = publication.Offer(message);
            if (result > 0) return retries;
            if (result == OfferResult.Closed) throw new InvalidOperationException("aeron-loopback: publication closed");
            publication.DoWork();
        }
    }

    private sealed class AeronReceiver(AeronSubscription subscription)
    {
        public readonly LongHistogram Latency = new(10_000_000_000L, 3);
        public long Received;
        public long OutOfOrder;
        public volatile bool Stop;
        private long _expected = -1;

        public long Expected => Volatile.Read(ref _expected);

        /// <summary>Publisher thread, while nothing is in flight: forget the warmup messages.</summary>
        public void Reset()
        {
            Latency.Reset();
            Volatile.Write(ref Received, 0);
        }

        public void Loop()
        {
            LinuxThread.PinCurrentThread(1);
            MessageHandler handler = OnMessage;
            while (!Stop) subscription.Poll(handler);
        }

        private void OnMessage(ReadOnlySpan<byte> message, in MessageHeader header)
        {
            long now = LinuxThread.MonotonicNs();
            long sequence = BinaryPrimitives.ReadInt64LittleEndian(message[8..]);
            if (_expected >= 0 && sequence != _expected) OutOfOrder++;
            Latency.RecordValue(Math.Max(0, now - BinaryPrimitives.ReadInt64LittleEndian(message)));
            Volatile.Write(ref _expected, sequence + 1);
            Volatile.Write(ref Received, Received + 1);
        }
    }

    /// <summary>The floor: the same paced 64-byte stamped sends over plain non-blocking UDP sockets.</summary>
    private static Percentiles RawUdpOneWay(int ratePerSecond)
    {
        using var pair = RawSockets();
        var (sender, receiverSocket) = pair;
        var histogram = new LongHistogram(10_000_000_000L, 3);
        long received = 0;
        var stop = false;
        int total = WarmupMessages + PacedMessages;
        var thread = new Thread(() =>
        {
            LinuxThread.PinCurrentThread(1);
            Span<byte> buffer = stackalloc byte[2048];
            while (!Volatile.Read(ref stop))
            {
                int n = receiverSocket.Receive(buffer, SocketFlags.None, out SocketError error);
                if (error != SocketError.Success || n != MessageLength) continue;
                long now = LinuxThread.MonotonicNs();
                if (BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]) >= WarmupMessages)
                    histogram.RecordValue(Math.Max(0, now - BinaryPrimitives.ReadInt64LittleEndian(buffer)));
                Volatile.Write(ref received, received + 1);
            }
        }) { IsBackground = true, Name = "raw-udp-receiver" };
        thread.Start();
        LinuxThread.PinCurrentThread(0);
        Span<byte> message = stackalloc byte[MessageLength];
        long intervalNs = 1_000_000_000L / ratePerSecond;
        long next = LinuxThread.MonotonicNs();
        for (int i = 0; i < total; i++)
        {
            while (LinuxThread.MonotonicNs() < next) Thread.SpinWait(1);
            next += intervalNs;
            BinaryPrimitives.WriteInt64LittleEndian(message[8..], i);
            BinaryPrimitives.WriteInt64LittleEndian(message, LinuxThread.MonotonicNs());
            sender.Send(message);
        }
        long deadline = LinuxThread.MonotonicNs() + 1_000_000_000L;
        while (Volatile.Read(ref received) < total && LinuxThread.MonotonicNs() < deadline) Thread.SpinWait(1);
        Volatile.Write(ref stop, true);
        thread.Join();
        if (received != total) Console.WriteLine($"  raw-udp one-way: {total - received} datagrams lost on loopback");
        return Percentiles.Of(histogram);
    }

    /// <summary>Raw UDP datagrams/s, one 64-byte message per sendto and recv (no batching), losses counted.</summary>
    private static double RawUdpThroughput()
    {
        using var pair = RawSockets();
        var (sender, receiverSocket) = pair;
        long received = 0;
        var stop = false;
        var thread = new Thread(() =>
        {
            LinuxThread.PinCurrentThread(1);
            Span<byte> buffer = stackalloc byte[2048];
            while (!Volatile.Read(ref stop))
                if (receiverSocket.Receive(buffer, SocketFlags.None, out SocketError error) > 0 && error == SocketError.Success)
                    Volatile.Write(ref received, received + 1);
        }) { IsBackground = true, Name = "raw-udp-receiver" };
        thread.Start();
        LinuxThread.PinCurrentThread(0);
        Span<byte> message = stackalloc byte[MessageLength];
        const int count = 200_000;
        long start = LinuxThread.MonotonicNs();
        for (int i = 0; i < count; i++) sender.Send(message, SocketFlags.None, out _);
        long deadline = LinuxThread.MonotonicNs() + 200_000_000L;
        while (Volatile.Read(ref received) < count && LinuxThread.MonotonicNs() < deadline) Thread.SpinWait(1);
        double seconds = (LinuxThread.MonotonicNs() - start) / 1e9;
        Volatile.Write(ref stop, true);
        thread.Join();
        return Volatile.Read(ref received) / seconds;
    }

    private static RawPair RawSockets()
    {
        var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, ReceiveBufferSize = 4 << 20 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, RawPort));
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 4 << 20 };
        sender.Connect(new IPEndPoint(IPAddress.Loopback, RawPort));
        return new RawPair(sender, receiver);
    }

    private readonly record struct RawPair(Socket Sender, Socket Receiver) : IDisposable
    {
        public void Dispose() { Sender.Dispose(); Receiver.Dispose(); }
    }

    private readonly record struct Percentiles(double P50, double P99, double P999, double Max, long Count)
    {
        public static Percentiles Of(LongHistogram h) =>
            new(h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0, h.GetValueAtPercentile(99.9) / 1000.0, h.GetMaxValue() / 1000.0, h.TotalCount);

        public static Percentiles Median(List<Percentiles> rounds) => new(
            RoundStats.Median(rounds.Select(p => p.P50)), RoundStats.Median(rounds.Select(p => p.P99)),
            RoundStats.Median(rounds.Select(p => p.P999)), RoundStats.Median(rounds.Select(p => p.Max)), rounds[0].Count);

        public override string ToString() => $"p50={P50:F1} us p99={P99:F1} us p99.9={P999:F1} us max={Max:F1} us (n={Count})";
    }
}
