using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// Validates a received datagram before any flyweight reads it: lengths, version, type and, for
/// DATA, the batch structure. After <see cref="DecodeResult.Ok"/> every field the type's flyweight
/// exposes lies inside the datagram. Never throws; hostile bytes just produce a result code.
/// </summary>
public static class FrameDecoder
{
    /// <summary>Checks <paramref name="datagram"/> and reports its first frame's type.</summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> datagram, out short type)
    {
        type = -1;
        if (datagram.Length < FrameHeader.Length) return DecodeResult.TooShort;
        type = FrameHeader.ReadType(datagram);
        if (datagram[FrameHeader.VersionOffset] != FrameHeader.CurrentVersion) return DecodeResult.UnsupportedVersion;
        int frameLength = FrameHeader.ReadFrameLength(datagram);
        return type switch
        {
            FrameType.Data or FrameType.Pad => DecodeData(datagram),
            FrameType.StatusMessage => CheckFixed(datagram, frameLength, StatusMessageHeader.Length),
            FrameType.Nak => CheckFixed(datagram, frameLength, NakHeader.Length),
            FrameType.RttMeasurement => CheckFixed(datagram, frameLength, RttMeasurementHeader.Length),
            FrameType.Setup => DecodeSetup(datagram, frameLength),
            FrameType.Error => DecodeError(datagram, frameLength),
            >= FrameType.Resolution and <= FrameType.ResponseSetup or FrameType.Extension => DecodeResult.IgnoredType,
            _ => DecodeResult.UnknownType,
        };
    }

    /// <summary>Sender accepts a control frame if the datagram is ≥ the fixed length and ≥ frame_length (brief §2.3).</summary>
    private static DecodeResult CheckFixed(ReadOnlySpan<byte> datagram, int frameLength, int fixedLength)
    {
        if (datagram.Length < fixedLength) return DecodeResult.TooShort;
        if (frameLength < fixedLength || frameLength > datagram.Length) return DecodeResult.BadFrameLength;
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeSetup(ReadOnlySpan<byte> datagram, int frameLength)
    {
        var fixedCheck = CheckFixed(datagram, frameLength, SetupHeader.Length);
        if (fixedCheck != DecodeResult.Ok) return fixedCheck;
        int termLength = BinaryPrimitives.ReadInt32LittleEndian(datagram[SetupHeader.TermLengthOffset..]);
        if (!LogBufferDescriptor.IsValidTermLength(termLength)) return DecodeResult.BadTermLength;
        if (!LogBufferDescriptor.IsValidMtu(BinaryPrimitives.ReadInt32LittleEndian(datagram[SetupHeader.MtuOffset..])))
            return DecodeResult.BadMtu;
        int termOffset = BinaryPrimitives.ReadInt32LittleEndian(datagram[SetupHeader.TermOffsetOffset..]);
        if (termOffset < 0 || termOffset >= termLength) return DecodeResult.OutsideTerm;
        if (termOffset % LogBufferDescriptor.FrameAlignment != 0) return DecodeResult.Misaligned;
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeError(ReadOnlySpan<byte> datagram, int frameLength)
    {
        var fixedCheck = CheckFixed(datagram, frameLength, ErrorHeader.Length);
        if (fixedCheck != DecodeResult.Ok) return fixedCheck;
        int textLength = BinaryPrimitives.ReadInt32LittleEndian(datagram[ErrorHeader.ErrorLengthOffset..]);
        if (textLength < 0 || textLength > ErrorHeader.MaxErrorLength || ErrorHeader.Length + textLength > frameLength)
            return DecodeResult.BadFrameLength;
        return DecodeResult.Ok;
    }

    /// <summary>
    /// A DATA datagram is a heartbeat (32 bytes, frame_length 0) or whole frames, each padded to
    /// 32, contiguous in term-offset space of one term of one session; a PAD can only be the last
    /// frame and only its 32-byte header travels (brief §1, §2.1). The receiver places the datagram
    /// by its first header, so anything else would corrupt its term.
    /// </summary>
    private static DecodeResult DecodeData(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < DataHeader.Length) return DecodeResult.TooShort;
        if (datagram.Length % LogBufferDescriptor.FrameAlignment != 0) return DecodeResult.Misaligned;
        int firstTermOffset = BinaryPrimitives.ReadInt32LittleEndian(datagram[DataHeader.TermOffsetOffset..]);
        if (firstTermOffset < 0) return DecodeResult.OutsideTerm;
        if (firstTermOffset % LogBufferDescriptor.FrameAlignment != 0) return DecodeResult.Misaligned;

        int frameLength = FrameHeader.ReadFrameLength(datagram);
        if (frameLength == 0)
        {
            bool isHeartbeat = datagram.Length == DataHeader.Length && FrameHeader.ReadType(datagram) == FrameType.Data;
            return isHeartbeat ? DecodeResult.Ok : DecodeResult.BadFrameLength;
        }

        int sessionId = BinaryPrimitives.ReadInt32LittleEndian(datagram[DataHeader.SessionIdOffset..]);
        int streamId = BinaryPrimitives.ReadInt32LittleEndian(datagram[DataHeader.StreamIdOffset..]);
        int termId = BinaryPrimitives.ReadInt32LittleEndian(datagram[DataHeader.TermIdOffset..]);
        int offset = 0;
        while (offset < datagram.Length)
        {
            var frame = datagram[offset..];
            if (frame.Length < DataHeader.Length) return DecodeResult.TooShort;
            if (frame[FrameHeader.VersionOffset] != FrameHeader.CurrentVersion) return DecodeResult.UnsupportedVersion;
            if (BinaryPrimitives.ReadInt32LittleEndian(frame[DataHeader.SessionIdOffset..]) != sessionId
                || BinaryPrimitives.ReadInt32LittleEndian(frame[DataHeader.StreamIdOffset..]) != streamId
                || BinaryPrimitives.ReadInt32LittleEndian(frame[DataHeader.TermIdOffset..]) != termId
                || BinaryPrimitives.ReadInt32LittleEndian(frame[DataHeader.TermOffsetOffset..]) != firstTermOffset + offset)
                return DecodeResult.BadBatch;

            int length = FrameHeader.ReadFrameLength(frame);
            if (length < DataHeader.Length) return DecodeResult.BadFrameLength;
            short frameType = FrameHeader.ReadType(frame);
            if (frameType == FrameType.Pad)
                return offset + DataHeader.Length == datagram.Length ? DecodeResult.Ok : DecodeResult.BadBatch;
            if (frameType != FrameType.Data) return DecodeResult.BadBatch;

            if (length > frame.Length) return DecodeResult.BadFrameLength; // also keeps Align from overflowing
            int aligned = LogBufferDescriptor.Align(length); // ≤ frame.Length: both are multiples of 32
            offset += aligned;
        }
        return DecodeResult.Ok;
    }
}
