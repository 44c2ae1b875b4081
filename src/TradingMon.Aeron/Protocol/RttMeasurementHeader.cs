using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>RTTM, RTT measurement, 40 bytes, both directions (brief §2.5).</summary>
public readonly ref struct RttMeasurementHeader
{
    public const int SessionIdOffset = 8;
    public const int StreamIdOffset = 12;
    public const int EchoTimestampOffset = 16;
    public const int ReceptionDeltaOffset = 24;
    public const int ReceiverIdOffset = 32;
    public const int Length = 40;

    /// <summary>"Please reply": the peer echoes the frame with flags 0.</summary>
    public const byte ReplyFlag = 0x80;

    private readonly Span<byte> _buffer;

    public RttMeasurementHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength => FrameHeader.ReadFrameLength(_buffer);
    public byte Version => _buffer[FrameHeader.VersionOffset];
    public byte Flags => _buffer[FrameHeader.FlagsOffset];
    public int SessionId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
    public int StreamId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
    public long EchoTimestamp => BinaryPrimitives.ReadInt64LittleEndian(_buffer[EchoTimestampOffset..]);
    public long ReceptionDelta => BinaryPrimitives.ReadInt64LittleEndian(_buffer[ReceptionDeltaOffset..]);
    public long ReceiverId => BinaryPrimitives.ReadInt64LittleEndian(_buffer[ReceiverIdOffset..]);

    public void Write(byte flags, int sessionId, int streamId, long echoTimestamp, long receptionDelta, long receiverId)
    {
        new FrameHeader(_buffer).Write(Length, flags, FrameType.RttMeasurement);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], sessionId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], streamId);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[EchoTimestampOffset..], echoTimestamp);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[ReceptionDeltaOffset..], receptionDelta);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[ReceiverIdOffset..], receiverId);
    }
}
