namespace TradingMon.Ring;

/// <summary>
/// Re-reads the sequence in a tight loop: lowest latency, and one core at 100 % while idle. Use it only when
/// the consumer owns a dedicated, isolated core; on a small or shared machine a preempted spinner turns
/// microseconds into milliseconds.
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted) return WaitResult.Alerted;
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
    public bool IsBlocking => false;
}
