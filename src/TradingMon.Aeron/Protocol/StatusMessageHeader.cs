using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// SM, status message: 36 bytes, or 44 with a group tag, receiver to sender
/// (brief §2.3, C <c>aeron_status_message_header_t</c>). receiver_id sits at 28: 4-aligned,
/// not 8-aligned, because the C structs are pack(4).
/// </summary>
public readonly ref struct StatusMessageHeader
{
    public const int SessionIdOffset = 8;
    public const int StreamIdOffset = 12;
    public const int ConsumptionTermIdOffset = 16;
    public const int ConsumptionTermOffsetOffset = 20;
    public const int ReceiverWindowOffset = 24;
    public const int ReceiverIdOffset = 28;
    public const int GroupTagOffset = 36;
    public const int Length = 36;
    public const int LengthWithGroupTag = 44;

    /// <summary>The receiver asks for a SETUP; not a flow-control update (brief §2.3, §5.5).</summary>
    public const byte SendSetupFlag = 0x80;
    /// <summary>The receiver is leaving (brief §9).</summary>
    public const byte EosFlag = 0x40;

    private readonly Span<byte> _buffer;

    public StatusMessageHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength => FrameHeader.ReadFrameLength(_buffer);
    public byte Version => _buffer[FrameHeader.VersionOffset];
    public byte Flags => _buffer[FrameHeader.FlagsOffset];
    public int SessionId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
    public int StreamId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
    public int ConsumptionTermId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ConsumptionTermIdOffset..]);
    public int ConsumptionTermOffset => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ConsumptionTermOffsetOffset..]);
    public int ReceiverWindow => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ReceiverWindowOffset..]);
    public long ReceiverId => BinaryPrimitives.ReadInt64LittleEndian(_buffer[ReceiverIdOffset..]);
    public bool HasGroupTag => FrameLength >= LengthWithGroupTag && _buffer.Length >= LengthWithGroupTag;
    public long GroupTag => HasGroupTag ? BinaryPrimitives.ReadInt64LittleEndian(_buffer[GroupTagOffset..]) : 0;

    /// <summary>Writes a 36-byte SM (no group tag: unicast needs none).</summary>
    public void Write(byte flags, int sessionId, int streamId, int consumptionTermId, int consumptionTermOffset,
        int receiverWindow, long receiverId)
    {
        new FrameHeader(_buffer).Write(Length, flags, FrameType.StatusMessage);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], sessionId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], streamId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ConsumptionTermIdOffset..], consumptionTermId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ConsumptionTermOffsetOffset..], consumptionTermOffset);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ReceiverWindowOffset..], receiverWindow);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[ReceiverIdOffset..], receiverId);
    }

    /// <summary>Appends the optional group tag and sets frame_length to 44.</summary>
    public void WriteGroupTag(long groupTag)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[FrameHeader.FrameLengthOffset..], LengthWithGroupTag);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[GroupTagOffset..], groupTag);
    }
}
