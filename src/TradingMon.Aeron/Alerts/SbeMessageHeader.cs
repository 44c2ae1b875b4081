using System.Buffers.Binary;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// The 8-byte SBE message header (composite <c>messageHeader</c> in configs/tradingmon-alerts.xml):
/// four little-endian uint16 that let a decoder skip a root block it does not know
/// (<c>blockLength</c>) and reject messages of another schema before reading a field.
/// </summary>
public static class SbeMessageHeader
{
    public const int Length = 8;
    public const int BlockLengthOffset = 0;
    public const int TemplateIdOffset = 2;
    public const int SchemaIdOffset = 4;
    public const int VersionOffset = 6;

    public static void Write(Span<byte> buffer, ushort blockLength, ushort templateId, ushort schemaId, ushort version)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[BlockLengthOffset..], blockLength);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[TemplateIdOffset..], templateId);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[SchemaIdOffset..], schemaId);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[VersionOffset..], version);
    }

    public static ushort BlockLength(ReadOnlySpan<byte> buffer) => BinaryPrimitives.ReadUInt16LittleEndian(buffer[BlockLengthOffset..]);
    public static ushort TemplateId(ReadOnlySpan<byte> buffer) => BinaryPrimitives.ReadUInt16LittleEndian(buffer[TemplateIdOffset..]);
    public static ushort SchemaId(ReadOnlySpan<byte> buffer) => BinaryPrimitives.ReadUInt16LittleEndian(buffer[SchemaIdOffset..]);
    public static ushort Version(ReadOnlySpan<byte> buffer) => BinaryPrimitives.ReadUInt16LittleEndian(buffer[VersionOffset..]);
}
