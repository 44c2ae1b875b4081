using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// DATA / PAD / heartbeat header: 32 bytes, then the payload, then zero padding to 32
/// (brief §2.1, C <c>aeron_data_header_t</c>, Java <c>DataHeaderFlyweight</c>).
/// </summary>
public readonly ref struct DataHeader
{
    public const int FrameLengthOffset = FrameHeader.FrameLengthOffset;
    public const int FlagsOffset = FrameHeader.FlagsOffset;
    public const int TermOffsetOffset = 8;
    public const int SessionIdOffset = 12;
    public const int StreamIdOffset = 16;
    public const int TermIdOffset = 20;
    public const int ReservedValueOffset = 24;
    /// <summary>Header length, and the payload's offset in the frame.</summary>
    public const int Length = 32;

    public const byte BeginFlag = 0x80;
    public const byte EndFlag = 0x40;
    /// <summary>End of stream: only on heartbeats after the publication closed (brief §2.1).</summary>
    public const byte EosFlag = 0x20;
    /// <summary>An unfragmented message, a heartbeat, or a PAD: BEGIN|END.</summary>
    public const byte UnfragmentedFlags = BeginFlag | EndFlag;
    /// <summary>Heartbeat of a closed publication: BEGIN|END|EOS (0xE0, captured).</summary>
    public const byte EosHeartbeatFlags = BeginFlag | EndFlag | EosFlag;

    private readonly Span<byte> _buffer;

    public DataHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[FrameLengthOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[FrameLengthOffset..], value);
    }

    public byte Version => _buffer[FrameHeader.VersionOffset];

    public byte Flags { get => _buffer[FlagsOffset]; set => _buffer[FlagsOffset] = value; }

    public short Type => BinaryPrimitives.ReadInt16LittleEndian(_buffer[FrameHeader.TypeOffset..]);

    public int TermOffset
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermOffsetOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermOffsetOffset..], value);
    }

    public int SessionId
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], value);
    }

    public int StreamId
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], value);
    }

    public int TermId
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[TermIdOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[TermIdOffset..], value);
    }

    public long ReservedValue
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(_buffer[ReservedValueOffset..]);
        set => BinaryPrimitives.WriteInt64LittleEndian(_buffer[ReservedValueOffset..], value);
    }

    public bool IsHeartbeat(int datagramLength) => datagramLength == Length && FrameLength == 0;

    /// <summary>Writes the whole 32-byte header (reserved value 0, the Aeron default).</summary>
    public void Write(int frameLength, byte flags, short type, int termOffset, int sessionId, int streamId, int termId)
    {
        new FrameHeader(_buffer).Write(frameLength, flags, type);
        TermOffset = termOffset;
        SessionId = sessionId;
        StreamId = streamId;
        TermId = termId;
        ReservedValue = 0;
    }
}
