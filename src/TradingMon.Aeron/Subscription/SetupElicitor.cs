namespace TradingMon.Aeron;

/// <summary>
/// Rate-limits SEND_SETUP status messages per session, and holds a just-closed session in
/// cool-down so its lingering packets do not resurrect it (the dispatcher's pending-setup and
/// cool-down states, brief §5.5-5.6). A small fixed table: a flood of made-up sessions cannot grow it.
/// </summary>
internal sealed class SetupElicitor
{
    public const long CoolDownNs = 1_000_000_000;
    private const int Slots = 32;

    private readonly long _intervalNs;
    private readonly int[] _sessions = new int[Slots];
    private readonly long[] _quietUntilNs = new long[Slots];
    private int _next;

    public SetupElicitor(long intervalNs) => _intervalNs = intervalNs;

    public bool ShouldElicit(int sessionId, long nowNs)
    {
        for (int i = 0; i < Slots; i++)
            if (_sessions[i] == sessionId && _quietUntilNs[i] > nowNs) return false;
        Remember(sessionId, nowNs + _intervalNs);
        return true;
    }

    public void CoolDown(int sessionId, long nowNs) => Remember(sessionId, nowNs + CoolDownNs);

    private void Remember(int sessionId, long quietUntilNs)
    {
        for (int i = 0; i < Slots; i++)
        {
            if (_sessions[i] != sessionId) continue;
            _quietUntilNs[i] = Math.Max(_quietUntilNs[i], quietUntilNs);
            return;
        }
        _sessions[_next] = sessionId;
        _quietUntilNs[_next] = quietUntilNs;
        _next = (_next + 1) % Slots;
    }
}
