using System.Runtime.InteropServices;

namespace TradingMon.Core;

/// <summary>
/// The Linux thread controls every stage needs: pin to a CPU, run SCHED_FIFO, know the kernel tid,
/// read CLOCK_MONOTONIC (the clock bpf_ktime_get_ns() uses, so user-space and kernel timestamps compare).
/// </summary>
public static unsafe partial class LinuxThread
{
    public const int SCHED_OTHER = 0, SCHED_FIFO = 1;
    private const int CLOCK_MONOTONIC = 1;
    private const int CLOCK_PROCESS_CPUTIME_ID = 2;
    private const long SYS_gettid = 186; // x86_64

    /// <summary>The calling thread's kernel tid (what BPF sees as pid).</summary>
    public static int CurrentTid() => (int)syscall(SYS_gettid);

    /// <summary>CLOCK_MONOTONIC in ns: comparable with BPF's bpf_ktime_get_ns().</summary>
    public static long MonotonicNs()
    {
        Timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.Sec * 1_000_000_000L + ts.Nsec;
    }

    /// <summary>CPU time of the whole process (every thread, user and system) in ns: CLOCK_PROCESS_CPUTIME_ID, exact where /proc's figures count 10 ms ticks.</summary>
    public static long ProcessCpuNs()
    {
        Timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return ts.Sec * 1_000_000_000L + ts.Nsec;
    }

    /// <summary>Pins the calling thread to one CPU. Throws <see cref="TradingMonException"/> naming the CPU on failure.</summary>
    public static void PinCurrentThread(int cpu) => PinCurrentThread([cpu]);

    /// <summary>Restricts the calling thread to a set of CPUs.</summary>
    public static void PinCurrentThread(ReadOnlySpan<int> cpus)
    {
        var mask = stackalloc ulong[16]; // 1024 CPUs
        new Span<ulong>(mask, 16).Clear();
        foreach (int cpu in cpus)
        {
            if (cpu < 0 || cpu >= 1024) throw new TradingMonException($"CPU {cpu} is out of range (0..{Environment.ProcessorCount - 1} on this machine)");
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        if (sched_setaffinity(0, 16 * sizeof(ulong), mask) != 0)
            throw new TradingMonException($"cannot pin thread to CPU(s) {string.Join(',', cpus.ToArray())}: {Marshal.GetLastPInvokeErrorMessage()} (is the CPU online and in this cgroup's cpuset?)");
    }

    /// <summary>
    /// Switches the calling thread to SCHED_FIFO at <paramref name="priority"/> (1..99), or back to
    /// SCHED_OTHER with priority 0. Needs root or CAP_SYS_NICE.
    /// </summary>
    public static void SetScheduler(int policy, int priority)
    {
        int p = priority;
        if (sched_setscheduler(0, policy, &p) != 0)
            throw new TradingMonException($"cannot set scheduling policy {policy} priority {priority}: {Marshal.GetLastPInvokeErrorMessage()} (needs root or CAP_SYS_NICE)");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Sec; public long Nsec; }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, Timespec* ts);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint size, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, int* param);
}
