namespace TradingMon.Ring;

/// <summary>
/// Non-sequence outcomes of <see cref="SequenceBarrier.WaitFor"/>: return codes rather than exceptions,
/// so halting or an idle timeout costs nothing on the hot path. Real sequences are always &gt;= -1.
/// </summary>
public static class WaitResult
{
    /// <summary>The barrier was alerted (processor halting).</summary>
    public const long Alerted = long.MinValue;
    /// <summary>A timeout wait strategy gave up before the sequence was published.</summary>
    public const long TimedOut = long.MinValue + 1;
}
