namespace TradingMon.Aeron.Alerts;

/// <summary>Why <see cref="AlertDecoder.TryWrap"/> did or did not accept a message.</summary>
public enum AlertDecodeResult
{
    Ok,
    /// <summary>Shorter than the header, the root block its header announces, or a var-length field.</summary>
    Truncated,
    /// <summary>Another SBE schema (or not SBE at all, e.g. a `basic_publisher` "Hello World!").</summary>
    OtherSchema,
    /// <summary>Our schema, a message other than Alert.</summary>
    OtherTemplate,
    /// <summary>A root block shorter than version 1's: no field of it can be trusted.</summary>
    BlockTooShort,
}
