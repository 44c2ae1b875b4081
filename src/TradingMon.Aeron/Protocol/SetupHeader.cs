using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>SETUP, 40 bytes, sender to receiver (brief §2.2, C <c>aeron_setup_header_t</c>).</summary>
public readonly ref struct SetupHeader
{
    public const int TermOffsetOffset = 8;
    public const int SessionIdOffset = 12;
    public const int StreamIdOffset = 16;
    public const int InitialTermIdOffset = 20;
    public const int ActiveTermIdOffset = 24;
    public const int TermLengthOffset = 28;
    public const int MtuOffset = 32;
    public const int TtlOffset = 36;
    public const int Length = 40;

    private readonly Span<byte> _buffer;

    public SetupHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength => FrameHeader.ReadFrameLength(_buffer);
    public byte Version => _buffer[FrameHeader.VersionOffset];
    public byte Flags => _buffer[FrameHeader.FlagsOffset];
    public int TermOffset => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermOffsetOffset..]);
    public int SessionId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
    public int StreamId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
    public int InitialTermId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[InitialTermIdOffset..]);
    public int ActiveTermId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ActiveTermIdOffset..]);
    public int TermLength => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermLengthOffset..]);
    public int Mtu => BinaryPrimitives.ReadInt32LittleEndian(_buffer[MtuOffset..]);
    public int Ttl => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TtlOffset..]);

    /// <summary>Writes a unicast SETUP: flags 0 (no response channel, no group) and ttl 0, as the brief requires.</summary>
    public void Write(int termOffset, int sessionId, int streamId, int initialTermId, int activeTermId, int termLength, int mtu)
    {
        new FrameHeader(_buffer).Write(Length, 0, FrameType.Setup);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermOffsetOffset..], termOffset);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], sessionId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], streamId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[InitialTermIdOffset..], initialTermId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ActiveTermIdOffset..], activeTermId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermLengthOffset..], termLength);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[MtuOffset..], mtu);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[TtlOffset..], 0);
    }
}
