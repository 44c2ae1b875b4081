using TradingMon.Aeron.Protocol;
using TradingMon.Aeron.Tests.Vectors;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// Golden vectors: traffic of a real Aeron C media driver captured on loopback. Every frame must
/// decode to the fields of the decoded text, and frames built from those fields must equal the
/// captured bytes.
/// </summary>
public class CaptureVectorTests
{
    public static TheoryData<string> Captures => new() { "proof", "loss", "eos" };

    private static (List<CapturedDatagram> Captured, List<DecodedDatagram> Decoded) Load(string name)
    {
        var captured = PcapReader.Read(VectorFiles.PathOf($"{name}.pcap"));
        var decoded = DecodedCapture.Read(VectorFiles.PathOf($"{name}-decoded.txt"));
        Assert.Equal(decoded.Count, captured.Count);
        return (captured, decoded);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_captured_frame_decodes_to_the_listed_fields(string name)
    {
        var (captured, decoded) = Load(name);
        for (int i = 0; i < captured.Count; i++)
        {
            var bytes = captured[i].Payload;
            var expected = decoded[i];
            Assert.Equal(expected.SourcePort, captured[i].SourcePort);
            Assert.Equal(expected.DestinationPort, captured[i].DestinationPort);
            Assert.Equal(expected.Size, bytes.Length);
            Assert.Equal(DecodeResult.Ok, FrameDecoder.Decode(bytes, out _));

            int offset = 0;
            foreach (var frame in expected.Frames)
            {
                var span = bytes.AsSpan(offset);
                AssertFrame(frame, span, bytes.Length);
                int frameLength = FrameHeader.ReadFrameLength(span);
                offset += frame.Type == "DATA" ? Math.Max(DataHeader.Length, LogBufferDescriptor.Align(frameLength)) : frameLength;
            }
        }
    }

    private static void AssertFrame(DecodedFrame expected, Span<byte> span, int datagramLength)
    {
        var header = new FrameHeader(span);
        Assert.Equal(expected.Int("len"), header.FrameLength);
        Assert.Equal(expected.Int("ver"), header.Version);
        Assert.Equal(expected.Flags, header.Flags);
        switch (expected.Type)
        {
            case "SETUP":
                var setup = new SetupHeader(span);
                Assert.Equal(FrameType.Setup, header.Type);
                Assert.Equal(expected.Int("termOff"), setup.TermOffset);
                Assert.Equal(expected.Int("session"), setup.SessionId);
                Assert.Equal(expected.Int("stream"), setup.StreamId);
                Assert.Equal(expected.Int("initialTermId"), setup.InitialTermId);
                Assert.Equal(expected.Int("activeTermId"), setup.ActiveTermId);
                Assert.Equal(expected.Int("termLen"), setup.TermLength);
                Assert.Equal(expected.Int("mtu"), setup.Mtu);
                Assert.Equal(expected.Int("ttl"), setup.Ttl);
                break;
            case "SM":
                var sm = new StatusMessageHeader(span);
                Assert.Equal(FrameType.StatusMessage, header.Type);
                Assert.Equal(expected.Int("session"), sm.SessionId);
                Assert.Equal(expected.Int("stream"), sm.StreamId);
                Assert.Equal(expected.Int("consTermId"), sm.ConsumptionTermId);
                Assert.Equal(expected.Int("consTermOff"), sm.ConsumptionTermOffset);
                Assert.Equal(expected.Int("window"), sm.ReceiverWindow);
                Assert.Equal(expected.Long("receiverId"), sm.ReceiverId);
                Assert.False(sm.HasGroupTag);
                break;
            case "NAK":
                var nak = new NakHeader(span);
                Assert.Equal(FrameType.Nak, header.Type);
                Assert.Equal(expected.Int("session"), nak.SessionId);
                Assert.Equal(expected.Int("stream"), nak.StreamId);
                Assert.Equal(expected.Int("termId"), nak.TermId);
                Assert.Equal(expected.Int("termOff"), nak.TermOffset);
                Assert.Equal(expected.Int("length"), nak.GapLength);
                break;
            case "DATA":
                var data = new DataHeader(span);
                Assert.Equal(FrameType.Data, header.Type);
                Assert.Equal(expected.Int("termOff"), data.TermOffset);
                Assert.Equal(expected.Int("session"), data.SessionId);
                Assert.Equal(expected.Int("stream"), data.StreamId);
                Assert.Equal(expected.Int("termId"), data.TermId);
                Assert.Equal(expected.Long("reserved"), data.ReservedValue);
                Assert.Equal(expected.IsHeartbeat, data.IsHeartbeat(datagramLength));
                if (!expected.IsHeartbeat)
                    Assert.Equal(DecodedCapture.Payload(expected), span.Slice(DataHeader.Length, data.FrameLength - DataHeader.Length).ToArray());
                break;
            default:
                Assert.Fail($"the vectors hold an unexpected frame type {expected.Type}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Control_frames_and_heartbeats_built_from_the_fields_equal_the_captured_bytes(string name)
    {
        var (captured, decoded) = Load(name);
        int checkedFrames = 0;
        for (int i = 0; i < captured.Count; i++)
        {
            var frame = decoded[i].Frames.Single();
            byte[] built = new byte[captured[i].Payload.Length];
            switch (frame.Type)
            {
                case "SETUP":
                    new SetupHeader(built).Write(frame.Int("termOff"), frame.Int("session"), frame.Int("stream"),
                        frame.Int("initialTermId"), frame.Int("activeTermId"), frame.Int("termLen"), frame.Int("mtu"));
                    break;
                case "SM":
                    new StatusMessageHeader(built).Write(frame.Flags, frame.Int("session"), frame.Int("stream"),
                        frame.Int("consTermId"), frame.Int("consTermOff"), frame.Int("window"), frame.Long("receiverId"));
                    break;
                case "NAK":
                    new NakHeader(built).Write(frame.Int("session"), frame.Int("stream"), frame.Int("termId"),
                        frame.Int("termOff"), frame.Int("length"));
                    break;
                case "DATA" when frame.IsHeartbeat:
                    new DataHeader(built).Write(0, frame.Flags, FrameType.Data, frame.Int("termOff"), frame.Int("session"),
                        frame.Int("stream"), frame.Int("termId"));
                    break;
                default:
                    continue; // DATA with payload: see the encoder test below
            }
            Assert.Equal(captured[i].Payload, built);
            checkedFrames++;
        }
        Assert.True(checkedFrames > 50, $"only {checkedFrames} control frames compared");
    }

    /// <summary>The publication's own log encoder, fed the captured messages in order, writes the captured DATA bytes.</summary>
    [Theory]
    [MemberData(nameof(Captures))]
    public void Data_frames_written_by_the_publication_log_equal_the_captured_bytes(string name)
    {
        var (captured, decoded) = Load(name);
        var setup = decoded.First(d => d.Frames[0].Type == "SETUP").Frames[0];
        var log = new PublicationLog(setup.Int("termLen"), setup.Int("mtu"), setup.Int("session"), setup.Int("stream"), setup.Int("initialTermId"));
        var written = new Dictionary<int, byte[]>();
        int compared = 0;
        for (int i = 0; i < captured.Count; i++)
        {
            var frame = decoded[i].Frames[0];
            if (frame.Type != "DATA" || frame.IsHeartbeat) continue;
            int termOffset = frame.Int("termOff");
            if (!written.ContainsKey(termOffset))
            {
                long start = log.ProducerPosition;
                Assert.Equal(termOffset, log.TermOffset(start));
                long end = log.Append(DecodedCapture.Payload(frame), long.MaxValue);
                written[termOffset] = log.Slice(start, (int)(end - start)).ToArray();
            }
            Assert.Equal(captured[i].Payload, written[termOffset]); // retransmits too: byte-identical
            compared++;
        }
        Assert.True(compared >= 4);
    }
}
