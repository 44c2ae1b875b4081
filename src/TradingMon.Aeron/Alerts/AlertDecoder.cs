using System.Buffers.Binary;
using System.Text;
using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// Reads one SBE <c>Alert</c> message in place (layout: <see cref="AlertCodec"/>). <see cref="TryWrap"/>
/// checks every length once, so the accessors never read outside the message. As SBE requires, the
/// var-length data starts after the header's <c>blockLength</c>, not ours: a newer publisher may append
/// fields to the root block and this decoder skips them.
/// </summary>
public readonly ref struct AlertDecoder
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly ReadOnlySpan<byte> _ruleId, _keyName, _culpritComm, _host;

    private AlertDecoder(ReadOnlySpan<byte> block, ReadOnlySpan<byte> ruleId, ReadOnlySpan<byte> keyName,
        ReadOnlySpan<byte> culpritComm, ReadOnlySpan<byte> host)
    {
        _block = block;
        _ruleId = ruleId;
        _keyName = keyName;
        _culpritComm = culpritComm;
        _host = host;
    }

    /// <summary>Total bytes of the message, header to the end of <see cref="Host"/>.</summary>
    public int EncodedLength { get; private init; }
    public ushort Version { get; private init; }

    public static AlertDecodeResult TryWrap(ReadOnlySpan<byte> message, out AlertDecoder decoder)
    {
        decoder = default;
        if (message.Length < SbeMessageHeader.Length) return AlertDecodeResult.Truncated;
        if (SbeMessageHeader.SchemaId(message) != AlertCodec.SchemaId) return AlertDecodeResult.OtherSchema;
        if (SbeMessageHeader.TemplateId(message) != AlertCodec.TemplateId) return AlertDecodeResult.OtherTemplate;
        int blockLength = SbeMessageHeader.BlockLength(message);
        if (blockLength < AlertCodec.BlockLength) return AlertDecodeResult.BlockTooShort;
        int position = SbeMessageHeader.Length + blockLength;
        if (message.Length < position) return AlertDecodeResult.Truncated;

        if (!TryReadString(message, ref position, out var ruleId)
            || !TryReadString(message, ref position, out var keyName)
            || !TryReadString(message, ref position, out var culpritComm)
            || !TryReadString(message, ref position, out var host))
            return AlertDecodeResult.Truncated;

        decoder = new AlertDecoder(message.Slice(SbeMessageHeader.Length, blockLength), ruleId, keyName, culpritComm, host)
        {
            EncodedLength = position,
            Version = SbeMessageHeader.Version(message),
        };
        return AlertDecodeResult.Ok;
    }

    private static bool TryReadString(ReadOnlySpan<byte> message, scoped ref int position, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (message.Length - position < AlertCodec.VarLengthPrefix) return false;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(message[position..]);
        position += AlertCodec.VarLengthPrefix;
        if (message.Length - position < length) return false;
        value = message.Slice(position, length);
        position += length;
        return true;
    }

    public long Sequence => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.SequenceOffset..]);
    public long KernelTimestampNs => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.KernelTimestampNsOffset..]);
    public long DetectionTimestampNs => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.DetectionTimestampNsOffset..]);
    /// <summary>May hold a value this build does not name (a newer publisher); print it as a number then.</summary>
    public AlertSeverity Severity => (AlertSeverity)_block[AlertCodec.SeverityOffset];
    /// <summary>May hold a value this build does not name (a newer publisher); print it as a number then.</summary>
    public Metric Metric => (Metric)_block[AlertCodec.MetricOffset];
    public int Cpu => BinaryPrimitives.ReadInt32LittleEndian(_block[AlertCodec.CpuOffset..]);
    public int KeyId1 => BinaryPrimitives.ReadInt32LittleEndian(_block[AlertCodec.KeyId1Offset..]);
    public int KeyId2 => BinaryPrimitives.ReadInt32LittleEndian(_block[AlertCodec.KeyId2Offset..]);
    public long ObservedNs => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.ObservedNsOffset..]);
    public long ThresholdNs => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.ThresholdNsOffset..]);
    public int CulpritPid => BinaryPrimitives.ReadInt32LittleEndian(_block[AlertCodec.CulpritPidOffset..]);
    public int SuppressedCount => BinaryPrimitives.ReadInt32LittleEndian(_block[AlertCodec.SuppressedCountOffset..]);
    public long SuppressedWorstNs => BinaryPrimitives.ReadInt64LittleEndian(_block[AlertCodec.SuppressedWorstNsOffset..]);

    /// <summary>UTF-8 bytes of each string, in place.</summary>
    public ReadOnlySpan<byte> RuleIdUtf8 => _ruleId;
    public ReadOnlySpan<byte> KeyNameUtf8 => _keyName;
    public ReadOnlySpan<byte> CulpritCommUtf8 => _culpritComm;
    public ReadOnlySpan<byte> HostUtf8 => _host;

    /// <summary>
    /// A copy as an <see cref="Alert"/> with its strings materialised (allocates: for consumers and
    /// tools, not a hot path). Invalid UTF-8 from a foreign publisher becomes U+FFFD.
    /// </summary>
    public Alert ToAlert()
    {
        var comm = default(Comm);
        Span<byte> commBytes = comm;
        // Keep the trailing NUL a Comm always has; a longer name from a foreign publisher is cut.
        _culpritComm[..Math.Min(_culpritComm.Length, Comm.Length - 1)].CopyTo(commBytes);
        return new Alert
        {
            Sequence = Sequence,
            KernelTimestampNs = KernelTimestampNs,
            DetectionTimestampNs = DetectionTimestampNs,
            Severity = Severity,
            Metric = Metric,
            Cpu = Cpu,
            KeyId1 = KeyId1,
            KeyId2 = KeyId2,
            ObservedNs = ObservedNs,
            ThresholdNs = ThresholdNs,
            CulpritPid = CulpritPid,
            SuppressedCount = SuppressedCount,
            SuppressedWorstNs = SuppressedWorstNs,
            RuleId = Encoding.UTF8.GetString(_ruleId),
            KeyName = Encoding.UTF8.GetString(_keyName),
            CulpritComm = comm,
            Host = Encoding.UTF8.GetString(_host),
        };
    }
}
