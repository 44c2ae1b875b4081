using System.Runtime.InteropServices;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A SCHED_FIFO thread pinned to one CPU that spins for <see cref="Burst"/> once every
/// <see cref="Period"/> and sleeps the rest: a noise injector that makes every SCHED_OTHER task on
/// that CPU wait up to one burst on the run queue, with this thread as the culprit.
/// </summary>
/// <remarks>
/// Keep the duty cycle low on a shared machine: the kernel's RT throttling (sched_rt_runtime_us)
/// leaves others only 5 % of the CPU while a FIFO task spins.
/// </remarks>
public sealed partial class FifoHog : IDisposable
{
    private const int CLOCK_MONOTONIC = 1, TIMER_ABSTIME = 1;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stop;
    private Exception? _failure;
    private long _bursts;

    public int Cpu { get; }
    public int Priority { get; }
    public TimeSpan Burst { get; }
    public TimeSpan Period { get; }
    /// <summary>The hog's kernel tid: what the scheduler probe reports as the culprit pid.</summary>
    public int Tid { get; private set; }
    /// <summary>The thread's comm (at most 15 characters).</summary>
    public string Name { get; }
    public long Bursts => Interlocked.Read(ref _bursts);

    /// <param name="burst">How long each burst holds the CPU.</param>
    /// <param name="period">One burst per period; must be longer than the burst.</param>
    public FifoHog(int cpu, TimeSpan burst, TimeSpan period, int priority = 50, string name = "tm-fifo-hog")
    {
        if (burst <= TimeSpan.Zero || period <= burst)
            throw new ArgumentException($"burst {burst} must be positive and shorter than the period {period}");
        Cpu = cpu;
        Burst = burst;
        Period = period;
        Priority = priority;
        Name = name;
        _thread = new Thread(Spin) { IsBackground = true, Name = name };
        _thread.Start();
        _started.Wait();
        if (_failure is not null) throw _failure;
    }

    private void Spin()
    {
        try
        {
            LinuxThread.PinCurrentThread(Cpu);
            LinuxThread.SetScheduler(LinuxThread.SCHED_FIFO, Priority);
            Tid = LinuxThread.CurrentTid();
        }
        catch (TradingMonException e)
        {
            _failure = e;
            _started.Set();
            return;
        }
        _started.Set();
        long burstNs = Burst.Ticks * 100, periodNs = Period.Ticks * 100;
        long next = LinuxThread.MonotonicNs();
        while (!_stop)
        {
            long end = next + burstNs;
            while (LinuxThread.MonotonicNs() < end) { }
            Interlocked.Increment(ref _bursts);
            next += periodNs;
            // Absolute deadlines: the period does not drift by the wakeup latency of each sleep.
            SleepUntil(next);
        }
    }

    private static unsafe void SleepUntil(long monotonicNs)
    {
        var ts = stackalloc long[2] { monotonicNs / 1_000_000_000, monotonicNs % 1_000_000_000 };
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ts, null) == 4 /* EINTR */) { }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _started.Dispose();
    }

    [LibraryImport("libc")]
    private static unsafe partial int clock_nanosleep(int clock, int flags, long* request, long* remain);
}
