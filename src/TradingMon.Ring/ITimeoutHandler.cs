namespace TradingMon.Ring;

/// <summary>
/// Optional for a handler: called when a timeout wait strategy saw no event for its timeout, e.g. to close
/// an interval histogram while the ring is idle.
/// </summary>
public interface ITimeoutHandler
{
    /// <summary><paramref name="sequence"/> is the last sequence this handler processed.</summary>
    void OnTimeout(long sequence);
}
