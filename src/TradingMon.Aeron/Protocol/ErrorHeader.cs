using System.Buffers.Binary;
using System.Text;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// ERR, 40 bytes + ASCII text, receiver to sender, sent in place of SMs after the receiver
/// rejected the image (brief §2.6).
/// </summary>
public readonly ref struct ErrorHeader
{
    public const int SessionIdOffset = 8;
    public const int StreamIdOffset = 12;
    public const int ReceiverIdOffset = 16;
    public const int GroupTagOffset = 24;
    public const int ErrorCodeOffset = 32;
    public const int ErrorLengthOffset = 36;
    public const int ErrorTextOffset = 40;
    public const int Length = 40;
    public const int MaxErrorLength = 1023;

    /// <summary>group_tag holds a value.</summary>
    public const byte GroupTagFlag = 0x08;

    private readonly Span<byte> _buffer;

    public ErrorHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength => FrameHeader.ReadFrameLength(_buffer);
    public byte Version => _buffer[FrameHeader.VersionOffset];
    public byte Flags => _buffer[FrameHeader.FlagsOffset];
    public int SessionId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[SessionIdOffset..]);
    public int StreamId => BinaryPrimitives.ReadInt32LittleEndian(_buffer[StreamIdOffset..]);
    public long ReceiverId => BinaryPrimitives.ReadInt64LittleEndian(_buffer[ReceiverIdOffset..]);
    public long GroupTag => BinaryPrimitives.ReadInt64LittleEndian(_buffer[GroupTagOffset..]);
    public int ErrorCode => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ErrorCodeOffset..]);
    public int ErrorLength => BinaryPrimitives.ReadInt32LittleEndian(_buffer[ErrorLengthOffset..]);

    /// <summary>The error text; the decoder has checked that it lies inside the frame.</summary>
    public string ErrorText => Encoding.ASCII.GetString(_buffer.Slice(ErrorTextOffset, ErrorLength));

    public void Write(int sessionId, int streamId, long receiverId, int errorCode, ReadOnlySpan<byte> asciiText)
    {
        new FrameHeader(_buffer).Write(Length + asciiText.Length, 0, FrameType.Error);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[SessionIdOffset..], sessionId);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[StreamIdOffset..], streamId);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[ReceiverIdOffset..], receiverId);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[GroupTagOffset..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ErrorCodeOffset..], errorCode);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[ErrorLengthOffset..], asciiText.Length);
        asciiText.CopyTo(_buffer[ErrorTextOffset..]);
    }
}
