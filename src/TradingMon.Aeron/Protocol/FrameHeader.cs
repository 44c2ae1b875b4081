using System.Buffers.Binary;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// The 8-byte header every Aeron frame starts with (brief §1, C <c>aeron_frame_header_t</c>).
/// All multi-byte fields are little-endian on the wire, whatever the host.
/// </summary>
public readonly ref struct FrameHeader
{
    public const int FrameLengthOffset = 0;
    public const int VersionOffset = 4;
    public const int FlagsOffset = 5;
    public const int TypeOffset = 6;
    public const int Length = 8;

    /// <summary>The only version a receiver accepts; others are dropped and counted (brief §1).</summary>
    public const byte CurrentVersion = 0;

    private readonly Span<byte> _buffer;

    public FrameHeader(Span<byte> buffer) => _buffer = buffer;

    public int FrameLength
    {
        get => BinaryPrimitives.ReadInt32LittleEndian(_buffer[FrameLengthOffset..]);
        set => BinaryPrimitives.WriteInt32LittleEndian(_buffer[FrameLengthOffset..], value);
    }

    public byte Version { get => _buffer[VersionOffset]; set => _buffer[VersionOffset] = value; }

    public byte Flags { get => _buffer[FlagsOffset]; set => _buffer[FlagsOffset] = value; }

    public short Type
    {
        get => BinaryPrimitives.ReadInt16LittleEndian(_buffer[TypeOffset..]);
        set => BinaryPrimitives.WriteInt16LittleEndian(_buffer[TypeOffset..], value);
    }

    /// <summary>Frame length, version, flags and type in one go: every encoder starts here.</summary>
    public void Write(int frameLength, byte flags, short type)
    {
        FrameLength = frameLength;
        Version = CurrentVersion;
        Flags = flags;
        Type = type;
    }

    public static int ReadFrameLength(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadInt32LittleEndian(frame[FrameLengthOffset..]);

    public static short ReadType(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadInt16LittleEndian(frame[TypeOffset..]);
}
