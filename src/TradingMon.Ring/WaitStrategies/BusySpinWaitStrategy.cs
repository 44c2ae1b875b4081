namespace TradingMon.Ring;

/// <summary>
/// Re-reads the sequence in a spin loop: lowest latency, and one core at 100 % while idle. Use it only when
/// the consumer owns a dedicated, isolated core; on a small or shared machine a preempted spinner turns
/// microseconds into milliseconds.
/// </summary>
/// <remarks>
/// Two things keep the spin from hurting the producer it waits for:
/// a pause between reads, because each read of the cursor pulls its cache line away from the producer, which
/// then pays a miss on its next publish (with a pause the producer publishes a few events per read, and the
/// consumer gets batches instead of single events); and a sched_yield every <see cref="SpinsPerYield"/> empty
/// reads (tens of microseconds), because when the scheduler puts the producer on the spinner's CPU (2 vCPUs,
/// a busy neighbour) a pure spinner holds the CPU for a whole time slice (milliseconds) while the producer
/// it waits for cannot run. With nothing else runnable the yield returns at once (about a microsecond).
/// </remarks>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    private const int SpinsPerYield = 1024;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        int spins = 0;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted) return WaitResult.Alerted;
            Thread.SpinWait(1);
            if (++spins == SpinsPerYield)
            {
                spins = 0;
                Thread.Yield();
            }
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
    public bool IsBlocking => false;
}
