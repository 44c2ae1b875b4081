namespace TradingMon.Aeron;

/// <summary>
/// Remembers recent resends so a NAK repeated while the first resend is still in flight does
/// not trigger a second one: unicast resends at once, then the range "lingers" for 10 ms
/// (<c>aeron.retransmit.unicast.linger</c>, brief §8). A fixed table, so no allocation per NAK.
/// </summary>
internal sealed class RetransmitHandler
{
    public const long LingerNs = 10_000_000;
    private const int MaxActions = 16; // Aeron's default max-resend

    private readonly long[] _positions = new long[MaxActions];
    private readonly long[] _expiresAtNs = new long[MaxActions];

    /// <summary>True if a resend for <paramref name="position"/> is due; it then lingers until now + 10 ms.</summary>
    public bool ShouldResend(long position, long nowNs)
    {
        int freeSlot = -1;
        for (int i = 0; i < MaxActions; i++)
        {
            bool active = _expiresAtNs[i] > nowNs;
            if (active && _positions[i] == position) return false;
            if (!active && freeSlot < 0) freeSlot = i;
        }
        int slot = freeSlot >= 0 ? freeSlot : OldestSlot();
        _positions[slot] = position;
        _expiresAtNs[slot] = nowNs + LingerNs;
        return true;
    }

    private int OldestSlot()
    {
        int oldest = 0;
        for (int i = 1; i < MaxActions; i++)
            if (_expiresAtNs[i] < _expiresAtNs[oldest]) oldest = i;
        return oldest;
    }
}
