namespace TradingMon.Ring;

/// <summary>
/// Spins briefly, then calls sched_yield between reads: near busy-spin latency, and it gives the core to any
/// other runnable thread. It still shows as 100 % CPU when nothing else wants the core.
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        int counter = SpinTries;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted) return WaitResult.Alerted;
            // Pause while spinning: a tight re-read steals the cursor's cache line from the producer (see busy-spin).
            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else Thread.Yield();
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
    public bool IsBlocking => false;
}
