namespace TradingMon.Aeron.Protocol;

/// <summary>
/// What <see cref="FrameDecoder"/> found in a datagram. Everything but <see cref="Ok"/> means
/// "count it and drop it": the decoder never throws on bad input.
/// </summary>
public enum DecodeResult
{
    Ok = 0,
    /// <summary>Shorter than the frame type's fixed header.</summary>
    TooShort,
    /// <summary>Version byte is not 0.</summary>
    UnsupportedVersion,
    /// <summary>A type code we do not know at all.</summary>
    UnknownType,
    /// <summary>A known type we deliberately ignore (RES, ATS_*, RSP_SETUP, EXT).</summary>
    IgnoredType,
    /// <summary>frame_length disagrees with the type or with the datagram length.</summary>
    BadFrameLength,
    /// <summary>A term offset or datagram length not on the 32-byte frame alignment.</summary>
    Misaligned,
    /// <summary>Frames batched in one datagram that are not contiguous in one term of one session.</summary>
    BadBatch,
    /// <summary>A term offset or extent outside the term.</summary>
    OutsideTerm,
    /// <summary>SETUP with a term length that is not a power of two in 64 KiB..1 GiB.</summary>
    BadTermLength,
    /// <summary>SETUP with an MTU that is not a multiple of 32 in 32..65504.</summary>
    BadMtu,
}
