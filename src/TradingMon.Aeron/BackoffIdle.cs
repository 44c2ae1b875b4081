namespace TradingMon.Aeron;

/// <summary>
/// What an I/O loop does when a duty cycle found no work: spin, then yield, then sleep 1 ms,
/// resetting as soon as work shows up (Agrona's BackoffIdleStrategy, simplified). Busy-spin mode
/// never sleeps: lowest latency at the price of a core.
/// </summary>
internal struct BackoffIdle
{
    private const int MaxSpins = 200;
    private const int MaxYields = 100;

    private readonly bool _busySpin;
    private int _idleCycles;

    public BackoffIdle(bool busySpin) => _busySpin = busySpin;

    /// <summary>The next idle cycle would sleep: a caller that can be woken may park instead.</summary>
    public readonly bool NextIdleSleeps => !_busySpin && _idleCycles >= MaxSpins + MaxYields;

    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            _idleCycles = 0;
            return;
        }
        _idleCycles++;
        if (_busySpin || _idleCycles <= MaxSpins) Thread.SpinWait(1);
        else if (_idleCycles <= MaxSpins + MaxYields) Thread.Yield();
        else Thread.Sleep(1);
    }
}
