using System.Diagnostics;

namespace TradingMon.Ring;

/// <summary>
/// Spins for a few microseconds, then parks the consumer on a monitor until a producer publishes; with a
/// timeout it returns <see cref="WaitResult.TimedOut"/> after an idle period (so a handler can flush).
/// The default strategy: no CPU burned while idle, which matters on a 2-core machine where the producer
/// and the consumer would otherwise fight for the same cores.
/// </summary>
/// <remarks>
/// Producers take the lock only for the first publish after a consumer parked: publish is a full fence and
/// one read of the signal-needed flag, and the producer that wakes the consumers clears the flag, so the
/// publishes that follow while the consumer is still waking (several microseconds) stay lock-free instead of
/// each paying a lock and a futex wake. Lost wake-ups are impossible by the Dekker pattern: the consumer sets
/// the flag (full fence) and then re-reads the cursor; the producer stores the cursor and then (full fence)
/// reads the flag, so at least one of them sees the other's write. A waiter sets the flag again on every
/// pass of its wait loop, so a wake-up meant for another consumer never leaves it parked unsignalled.
/// </remarks>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new();
    private readonly long _timeoutTicks;
    private int _signalNeeded;

    /// <summary>Waits without a timeout.</summary>
    public BlockingWaitStrategy() => _timeoutTicks = -1;

    /// <summary>Waits at most <paramref name="timeout"/> for the next sequence, then reports <see cref="WaitResult.TimedOut"/>.</summary>
    public BlockingWaitStrategy(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), "the blocking wait timeout must be positive (e.g. 100 ms)");
        Timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public TimeSpan? Timeout { get; }
    public bool IsBlocking => true;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        if (barrier.Cursor.Value < sequence && !SpinBriefly(sequence, barrier))
        {
            long parked = Park(sequence, barrier);
            if (parked != 0) return parked;
        }
        // Published: now trail the upstream consumers. They are busy with an available batch (not idle), so
        // spin then yield; a 1 ms sleep here would put a millisecond into every downstream stage's latency.
        long available;
        var spin = new SpinWait();
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted) return WaitResult.Alerted;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return available;
    }

    public void SignalAllWhenBlocking()
    {
        // Store/load fence: the cursor (or alert) store above must be globally visible before the waiter count is read.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _signalNeeded) == 0) return;
        lock (_gate)
        {
            // Under the lock: a consumer sets the flag only while holding it, so none is between setting it and waiting.
            _signalNeeded = 0;
            Monitor.PulseAll(_gate);
        }
    }

    private static bool SpinBriefly(long sequence, SequenceBarrier barrier)
    {
        var spin = new SpinWait();
        while (!spin.NextSpinWillYield)
        {
            if (barrier.Cursor.Value >= sequence) return true;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return barrier.Cursor.Value >= sequence;
    }

    /// <summary>Returns 0 once the cursor reaches <paramref name="sequence"/>, else the alert/timeout code.</summary>
    private long Park(long sequence, SequenceBarrier barrier)
    {
        long deadline = _timeoutTicks < 0 ? long.MaxValue : Stopwatch.GetTimestamp() + _timeoutTicks;
        lock (_gate)
        {
            while (true)
            {
                Interlocked.Exchange(ref _signalNeeded, 1); // full fence before re-reading the cursor
                if (barrier.Cursor.Value >= sequence) return 0;
                if (barrier.IsAlerted) return WaitResult.Alerted;
                if (_timeoutTicks < 0)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                long remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0) return WaitResult.TimedOut;
                Monitor.Wait(_gate, TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
            }
        }
    }
}
