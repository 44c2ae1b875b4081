using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A SCHED_FIFO thread pinned to one CPU that spins for <c>burst</c> at the start of every
/// <c>period</c> and sleeps the rest: a periodic run-queue stall of known length for every
/// lower-priority or SCHED_OTHER task woken on that CPU meanwhile (perf-lab's FIFO noise).
/// Bursts start on absolute deadlines, so the duty cycle holds even when a burst starts late.
/// </summary>
public sealed class FifoBurstHog : IDisposable
{
    private readonly int _cpu, _priority;
    private readonly long _burstNs, _periodNs;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _bursts;
    private Exception? _failure;

    public FifoBurstHog(int cpu, long burstNs, long periodNs, int priority)
    {
        if (burstNs <= 0 || burstNs >= periodNs) throw new TradingMonException($"hog burst {burstNs} ns must be above 0 and below its period {periodNs} ns");
        if (priority is < 1 or > 99) throw new TradingMonException($"hog priority {priority} is outside SCHED_FIFO's 1..99");
        (_cpu, _burstNs, _periodNs, _priority) = (cpu, burstNs, periodNs, priority);
        _thread = new Thread(Run) { IsBackground = true, Name = $"tmp-fifo-hog-cpu{cpu}" };
    }

    /// <summary>Bursts spun so far.</summary>
    public long Bursts => Interlocked.Read(ref _bursts);

    public void Start() => _thread.Start();

    private void Run()
    {
        try
        {
            LinuxThread.PinCurrentThread(_cpu);
            LinuxThread.SetScheduler(LinuxThread.SCHED_FIFO, _priority);
            long start = LinuxThread.MonotonicNs() + _periodNs;
            while (!_stopping)
            {
                LatencyProbeClock.SleepUntil(start);
                long end = start + _burstNs;
                while (LinuxThread.MonotonicNs() < end) { }
                Interlocked.Increment(ref _bursts);
                start += _periodNs;
            }
        }
        catch (Exception e) { _failure = e; }
    }

    /// <summary>Stops within one period; throws if the hog could not run (no CAP_SYS_NICE, bad CPU).</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive) _thread.Join();
        var failure = Interlocked.Exchange(ref _failure, null);
        if (failure is not null) throw failure as TradingMonException ?? new TradingMonException($"FIFO hog on CPU {_cpu} failed: {failure.Message}", failure);
    }
}
