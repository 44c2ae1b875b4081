using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>NAK, 28 bytes, receiver to sender: the first missing byte and the gap length (brief §2.4).</summary>
public readonly ref struct NakHeader
{
    public const int SessionIdOffset = 8;
    public const int StreamIdOffset = 12;
    public const int TermIdOffset = 16;
    public const int TermOffsetOffset = 20;
    public const int LengthOffset = 24;
    public const int Length = 28;

    private readonly Span<byte> _buffer;

    public NakHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength => FrameHeader.ReadFrameLength(_buffer);
    public byte Version => _buffer[FrameHeader.VersionOffset];
    public byte Flags => _buffer[FrameHeader.FlagsOffset];
    public int SessionId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
    public int StreamId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
    public int TermId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermIdOffset..]);
    public int TermOffset => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermOffsetOffset..]);
    public int GapLength => BinaryPrimitives.ReadInt32LittleEndian(_buffer[LengthOffset..]);

    public void Write(int sessionId, int streamId, int termId, int termOffset, int gapLength)
    {
        new FrameHeader(_buffer).Write(Length, 0, FrameType.Nak);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], sessionId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], streamId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermIdOffset..], termId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermOffsetOffset..], termOffset);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[LengthOffset..], gapLength);
    }
}
