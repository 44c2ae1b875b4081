using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// Writes an <see cref="Alert"/> as the SBE <c>Alert</c> message (layout: <see cref="AlertCodec"/>).
/// Allocation-free: fixed fields go straight to their offsets and strings are transcoded UTF-16 → UTF-8
/// into the caller's buffer, so the ring consumer can encode into one buffer it allocated at start.
/// </summary>
public static class AlertEncoder
{
    /// <summary>
    /// Encodes <paramref name="alert"/> at the start of <paramref name="buffer"/> (at least
    /// <see cref="AlertCodec.MaxEncodedLength"/> bytes) and returns the message length.
    /// <paramref name="truncated"/> is true when a string was longer than 255 UTF-8 bytes and was cut
    /// at a character boundary; null strings are sent empty.
    /// </summary>
    public static int Encode(in Alert alert, Span<byte> buffer, out bool truncated)
    {
        if (buffer.Length < AlertCodec.MaxEncodedLength)
            throw new ArgumentException($"alert buffer must hold {AlertCodec.MaxEncodedLength} bytes, got {buffer.Length}", nameof(buffer));

        SbeMessageHeader.Write(buffer, AlertCodec.BlockLength, AlertCodec.TemplateId, AlertCodec.SchemaId, AlertCodec.SchemaVersion);
        var block = buffer.Slice(SbeMessageHeader.Length, AlertCodec.BlockLength);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.SequenceOffset..], alert.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.KernelTimestampNsOffset..], alert.KernelTimestampNs);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.DetectionTimestampNsOffset..], alert.DetectionTimestampNs);
        block[AlertCodec.SeverityOffset] = (byte)alert.Severity;
        block[AlertCodec.MetricOffset] = (byte)alert.Metric;
        // The two bytes between metric and cpu are not a field; zero them so equal alerts give equal bytes.
        block[(AlertCodec.MetricOffset + 1)..AlertCodec.CpuOffset].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(block[AlertCodec.CpuOffset..], alert.Cpu);
        BinaryPrimitives.WriteInt32LittleEndian(block[AlertCodec.KeyId1Offset..], alert.KeyId1);
        BinaryPrimitives.WriteInt32LittleEndian(block[AlertCodec.KeyId2Offset..], alert.KeyId2);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.ObservedNsOffset..], alert.ObservedNs);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.ThresholdNsOffset..], alert.ThresholdNs);
        BinaryPrimitives.WriteInt32LittleEndian(block[AlertCodec.CulpritPidOffset..], alert.CulpritPid);
        BinaryPrimitives.WriteInt32LittleEndian(block[AlertCodec.SuppressedCountOffset..], alert.SuppressedCount);
        BinaryPrimitives.WriteInt64LittleEndian(block[AlertCodec.SuppressedWorstNsOffset..], alert.SuppressedWorstNs);

        int position = SbeMessageHeader.Length + AlertCodec.BlockLength;
        truncated = false;
        position += WriteString(buffer[position..], alert.RuleId, ref truncated);
        position += WriteString(buffer[position..], alert.KeyName, ref truncated);
        position += WriteBytes(buffer[position..], alert.CulpritComm.Bytes);
        position += WriteString(buffer[position..], alert.Host, ref truncated);
        return position;
    }

    private static int WriteString(Span<byte> field, string? value, ref bool truncated)
    {
        var text = field.Slice(AlertCodec.VarLengthPrefix, AlertCodec.MaxVarStringLength);
        // Transcoding stops before a character that would not fit whole, so a cut string is still valid UTF-8.
        var status = Utf8.FromUtf16(value, text, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        truncated |= status == OperationStatus.DestinationTooSmall;
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)written);
        return AlertCodec.VarLengthPrefix + written;
    }

    private static int WriteBytes(Span<byte> field, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value.Length);
        value.CopyTo(field[AlertCodec.VarLengthPrefix..]);
        return AlertCodec.VarLengthPrefix + value.Length;
    }
}
