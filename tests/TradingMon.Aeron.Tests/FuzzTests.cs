using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TradingMon.Aeron.Protocol;
using TradingMon.Aeron.Tests.Vectors;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// Random and mutated datagrams against the decoder and the subscriber: nothing may throw, and a
/// genuine stream interleaved with hostile traffic must still be delivered exactly, in order.
/// </summary>
public class FuzzTests
{
    private const int StreamId = 1001;
    private static readonly List<byte[]> Captured = PcapReader.Read(VectorFiles.PathOf("loss.pcap")).Select(d => d.Payload).ToList();

    [Property(MaxTest = 5000)]
    public bool Decoder_never_throws_on_random_bytes(byte[] datagram)
    {
        FrameDecoder.Decode(datagram, out _);
        return true;
    }

    [Property(MaxTest = 5000)]
    public bool Decoder_never_throws_on_mutated_captured_frames(int pick, int seed)
    {
        var datagram = Mutate(Captured[(int)((uint)pick % Captured.Count)], new Random(seed));
        if (FrameDecoder.Decode(datagram, out short type) == DecodeResult.Ok) ReadEveryField(datagram, type);
        return true;
    }

    /// <summary>After Ok, every field of the frame's flyweight lies inside the datagram.</summary>
    private static void ReadEveryField(byte[] datagram, short type)
    {
        switch (type)
        {
            case FrameType.Data or FrameType.Pad:
                var data = new DataHeader(datagram);
                _ = (data.TermOffset, data.SessionId, data.StreamId, data.TermId, data.ReservedValue);
                break;
            case FrameType.Setup:
                var setup = new SetupHeader(datagram);
                _ = (setup.InitialTermId, setup.ActiveTermId, setup.TermLength, setup.Mtu, setup.Ttl);
                break;
            case FrameType.StatusMessage:
                var sm = new StatusMessageHeader(datagram);
                _ = (sm.ConsumptionTermId, sm.ConsumptionTermOffset, sm.ReceiverWindow, sm.ReceiverId, sm.GroupTag);
                break;
            case FrameType.Nak:
                var nak = new NakHeader(datagram);
                _ = (nak.TermId, nak.TermOffset, nak.GapLength);
                break;
            case FrameType.Error:
                _ = new ErrorHeader(datagram).ErrorText;
                break;
            case FrameType.RttMeasurement:
                var rttm = new RttMeasurementHeader(datagram);
                _ = (rttm.EchoTimestamp, rttm.ReceptionDelta, rttm.ReceiverId);
                break;
        }
    }

    /// <summary>
    /// A genuine session's SETUP and DATA, fed in order, with hostile datagrams between them:
    /// random bytes, mutated captured frames (other sessions, broken headers, bogus SETUPs) and
    /// frames of the genuine session at positions outside its window. Delivery must be exact.
    /// </summary>
    [Property(MaxTest = 100)]
    public bool Subscriber_delivers_the_genuine_stream_exactly_despite_hostile_datagrams(byte[][] randomDatagrams, int seed)
    {
        var random = new Random(seed);
        using var subscription = AeronSubscription.Open("aeron:udp?endpoint=127.0.0.1:40150", StreamId,
            new SubscriptionOptions { Log = _ => { } });
        var source = SocketAddress4.From(new IPEndPoint(IPAddress.Loopback, 40151));
        var (genuine, messages) = GenuineStream(random);
        var received = new List<byte[]>();
        int hostileIndex = 0;

        foreach (var datagram in genuine)
        {
            for (int i = random.Next(3); i > 0; i--)
            {
                byte[] hostile = Hostile(random, randomDatagrams, ref hostileIndex, genuine);
                subscription.OnDatagram(hostile, source, LinuxThread.MonotonicNs());
            }
            subscription.OnDatagram(datagram.ToArray(), source, LinuxThread.MonotonicNs());
            subscription.Poll((message, in header) => received.Add(message.ToArray()));
        }
        subscription.Poll((message, in header) => received.Add(message.ToArray()));
        return received.Count == messages.Count && received.Zip(messages).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
    }

    private static byte[] Hostile(Random random, byte[][] randomDatagrams, ref int index, List<byte[]> genuine) =>
        random.Next(3) switch
        {
            0 when randomDatagrams.Length > 0 => randomDatagrams[index++ % randomDatagrams.Length] ?? [],
            1 => Mutate(Captured[random.Next(Captured.Count)], random),
            _ => OutOfWindow(genuine[random.Next(1, genuine.Count)], random),
        };

    /// <summary>A genuine DATA datagram moved to a term far before or after the window.</summary>
    private static byte[] OutOfWindow(byte[] datagram, Random random)
    {
        var copy = datagram.ToArray();
        var header = new DataHeader(copy);
        if (header.FrameLength == 0) return copy;
        int shift = random.Next(2) == 0 ? -random.Next(1, 1000) : random.Next(2, 1000);
        for (int offset = 0; offset < copy.Length; offset += LogBufferDescriptor.Align(Math.Max(32, new DataHeader(copy.AsSpan(offset)).FrameLength)))
        {
            var frame = new DataHeader(copy.AsSpan(offset));
            frame.TermId = unchecked(frame.TermId + shift);
            if (frame.Type == FrameType.Pad) break;
        }
        return copy;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToArray();
        int flips = random.Next(1, 6);
        for (int i = 0; i < flips && bytes.Length > 0; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        if (random.Next(4) == 0) Array.Resize(ref bytes, random.Next(0, bytes.Length + 64));
        return bytes;
    }

    /// <summary>SETUP + one datagram per frame of a 64 KiB-term session: small, fragmented and term-crossing messages.</summary>
    private static (List<byte[]> Datagrams, List<byte[]> Messages) GenuineStream(Random random)
    {
        const int termLength = 64 * 1024, mtu = 1408;
        int sessionId = random.Next(2000, int.MaxValue);
        int initialTermId = random.Next();
        var log = new PublicationLog(termLength, mtu, sessionId, StreamId, initialTermId);
        var datagrams = new List<byte[]>();
        var setup = new byte[SetupHeader.Length];
        new SetupHeader(setup).Write(0, sessionId, StreamId, initialTermId, initialTermId, termLength, mtu);
        datagrams.Add(setup);

        var messages = new List<byte[]>();
        while (log.ProducerPosition < termLength + termLength / 4)
        {
            var message = new byte[random.Next(2) == 0 ? random.Next(0, 200) : random.Next(1400, 6000)];
            random.NextBytes(message);
            long start = log.ProducerPosition;
            long end = log.Append(message, long.MaxValue);
            messages.Add(message);
            for (long position = start; position < end;)
            {
                var header = new DataHeader(log.Slice(position, DataHeader.Length));
                bool isPad = header.Type == FrameType.Pad;
                int onWire = isPad ? DataHeader.Length : LogBufferDescriptor.Align(header.FrameLength);
                datagrams.Add(log.Slice(position, onWire).ToArray());
                position += isPad ? header.FrameLength : onWire;
            }
        }
        return (datagrams, messages);
    }
}
