namespace TradingMon.Ring;

/// <summary>
/// Spins, then yields, then sleeps 1 ms between reads: almost no CPU while idle and no signalling cost for
/// producers, at the price of up to about a millisecond of wake-up latency after an idle period.
/// Suits background consumers (loggers, interval writers).
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100, YieldTries = 100;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        int counter = SpinTries + YieldTries;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted) return WaitResult.Alerted;
            if (counter > YieldTries) counter--;
            else if (counter > 0) { counter--; Thread.Yield(); }
            else Thread.Sleep(1);
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
    public bool IsBlocking => false;
}
