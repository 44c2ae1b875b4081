namespace TradingMon.Aeron.Alerts;

/// <summary>
/// The SBE layout of the <c>Alert</c> message, one constant per line of configs/tradingmon-alerts.xml
/// (the schema is the source; AlertSchemaTests reads it and checks every number here).
/// Wire: <see cref="SbeMessageHeader"/>, then the 72-byte root block at the offsets below (relative to
/// the end of the header), then the var-length strings ruleId, keyName, culpritComm, host, each a
/// little-endian uint16 byte count and that many UTF-8 bytes.
/// </summary>
public static class AlertCodec
{
    public const ushort SchemaId = 1701;
    public const ushort SchemaVersion = 1;
    public const ushort TemplateId = 1;
    public const int BlockLength = 72;

    public const int SequenceOffset = 0;
    public const int KernelTimestampNsOffset = 8;
    public const int DetectionTimestampNsOffset = 16;
    public const int SeverityOffset = 24;
    public const int MetricOffset = 25;
    // 26..27 unused: the schema places cpu at 28 so every int32/int64 stays naturally aligned.
    public const int CpuOffset = 28;
    public const int KeyId1Offset = 32;
    public const int KeyId2Offset = 36;
    public const int ObservedNsOffset = 40;
    public const int ThresholdNsOffset = 48;
    public const int CulpritPidOffset = 56;
    public const int SuppressedCountOffset = 60;
    public const int SuppressedWorstNsOffset = 64;

    /// <summary>varStringEncoding: uint16 length prefix.</summary>
    public const int VarLengthPrefix = 2;
    /// <summary>The schema's maxValue for a string's length; longer strings are cut at a character boundary.</summary>
    public const int MaxVarStringLength = 255;
    /// <summary>ruleId, keyName, culpritComm, host, in this order on the wire.</summary>
    public const int VarStringCount = 4;

    /// <summary>An alert whose four strings are empty.</summary>
    public const int MinEncodedLength = SbeMessageHeader.Length + BlockLength + VarStringCount * VarLengthPrefix;
    /// <summary>The largest alert the encoder writes: 1108 bytes, so it always fits one Aeron frame at the default MTU (1408 - 32).</summary>
    public const int MaxEncodedLength = MinEncodedLength + VarStringCount * MaxVarStringLength;
}
