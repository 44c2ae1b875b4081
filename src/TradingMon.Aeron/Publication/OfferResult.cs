namespace TradingMon.Aeron;

/// <summary>
/// What <see cref="AeronPublication.Offer"/> returns when it refuses a message: Aeron's own
/// vocabulary and values (<c>Publication.NOT_CONNECTED</c> ...). A positive return is the new
/// stream position instead. Every refusal is also counted in <see cref="PublicationCounters"/>.
/// </summary>
public static class OfferResult
{
    /// <summary>No receiver has sent a status message yet, or the last one went away (EOS, ERR, 5 s of silence).</summary>
    public const long NotConnected = -1;
    /// <summary>The log is full up to the sender's position + term-length/2: try again later.</summary>
    public const long BackPressured = -2;
    /// <summary>Aeron uses this for transient internal work; TradingMon's publication never returns it.</summary>
    public const long AdminAction = -3;
    /// <summary>The publication has been disposed.</summary>
    public const long Closed = -4;
    /// <summary>The stream reached the largest position its term length can address (term-length × 2^31).</summary>
    public const long MaxPositionExceeded = -5;

    public static string Describe(long result) => result switch
    {
        NotConnected => "NOT_CONNECTED",
        BackPressured => "BACK_PRESSURED",
        AdminAction => "ADMIN_ACTION",
        Closed => "CLOSED",
        MaxPositionExceeded => "MAX_POSITION_EXCEEDED",
        _ => result > 0 ? $"OK position={result}" : $"UNKNOWN({result})",
    };
}
