using System.Runtime.InteropServices;

namespace TradingMon.Workloads;

/// <summary>
/// The two kernel primitives the latency probe is built on: an absolute-deadline sleep on
/// CLOCK_MONOTONIC (what cyclictest uses, so the wakeup is scheduled against the same clock
/// bpf_ktime_get_ns() reads) and a bare futex for the ping-pong hand-off (no managed wait
/// primitive, which would spin before blocking and hide the wakeup we want to measure).
/// </summary>
internal static unsafe partial class LatencyProbeClock
{
    private const int CLOCK_MONOTONIC = 1, TIMER_ABSTIME = 1, EINTR = 4;
    private const long SYS_futex = 202; // x86_64
    private const int PR_SET_NAME = 15, PR_SET_TIMERSLACK = 29;
    private const int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;

    /// <summary>Sleeps until CLOCK_MONOTONIC reaches <paramref name="deadlineNs"/>; returns at once when it has passed.</summary>
    public static void SleepUntil(long deadlineNs)
    {
        var ts = new Timespec { Sec = deadlineNs / 1_000_000_000L, Nsec = deadlineNs % 1_000_000_000L };
        int rc;
        // clock_nanosleep returns the error number itself (not -1/errno); with TIMER_ABSTIME an
        // interrupted sleep is simply restarted with the same deadline.
        while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, null)) == EINTR) { }
        if (rc != 0) throw new InvalidOperationException($"clock_nanosleep failed with error {rc}");
    }

    /// <summary>
    /// Sets the calling thread's timer slack to 1 ns. SCHED_OTHER threads get 50 µs by default, which
    /// the kernel may add to every sleep to batch wakeups: the probe would measure the slack, not the machine.
    /// (SCHED_FIFO threads have no slack.)
    /// </summary>
    public static void UseExactTimers()
    {
        if (prctl(PR_SET_TIMERSLACK, 1) != 0) throw new InvalidOperationException($"prctl(PR_SET_TIMERSLACK) failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>
    /// Sets the calling thread's kernel comm (what tracepoints report as its name). .NET does not
    /// promise that a managed thread name reaches the kernel unchanged, and filters depend on it.
    /// </summary>
    public static void SetComm(string name)
    {
        var bytes = new byte[16];
        System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), bytes);
        fixed (byte* p = bytes)
            if (prctl(PR_SET_NAME, (nuint)p) != 0) throw new InvalidOperationException($"prctl(PR_SET_NAME) failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Blocks while <c>*word == expected</c>, at most <paramref name="timeoutNs"/>. Spurious returns are the caller's to loop over.</summary>
    public static void FutexWait(int* word, int expected, long timeoutNs)
    {
        var ts = new Timespec { Sec = timeoutNs / 1_000_000_000L, Nsec = timeoutNs % 1_000_000_000L };
        syscall(SYS_futex, (nint)word, FUTEX_WAIT_PRIVATE, expected, (nint)(&ts));
    }

    /// <summary>Wakes one waiter on <paramref name="word"/>.</summary>
    public static void FutexWake(int* word) => syscall(SYS_futex, (nint)word, FUTEX_WAKE_PRIVATE, 1, 0);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Sec; public long Nsec; }

    [LibraryImport("libc")]
    private static partial int clock_nanosleep(int clock, int flags, Timespec* request, Timespec* remain);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, nint a1, int a2, int a3, nint a4);
}
