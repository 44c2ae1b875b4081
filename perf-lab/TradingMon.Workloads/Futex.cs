using System.Runtime.InteropServices;

namespace TradingMon.Workloads;

/// <summary>
/// A futex word in native memory: the cheapest way to block one thread and wake it from another,
/// so a wakeup in a ground-truth workload is one sched_wakeup and nothing else.
/// </summary>
public sealed unsafe partial class Futex : IDisposable
{
    private const long SYS_futex = 202; // x86_64
    private const int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;
    private int* _word = (int*)NativeMemory.AllocZeroed(64); // own cache line

    public int Value
    {
        get => Volatile.Read(ref *_word);
        set => Volatile.Write(ref *_word, value);
    }

    /// <summary>Blocks while the word equals <paramref name="expected"/>.</summary>
    public void Wait(int expected)
    {
        while (Volatile.Read(ref *_word) == expected)
            syscall(SYS_futex, (nint)_word, FUTEX_WAIT_PRIVATE, expected, 0, 0, 0);
    }

    /// <summary>Sets the word and wakes one waiter.</summary>
    public void Set(int value)
    {
        Volatile.Write(ref *_word, value);
        syscall(SYS_futex, (nint)_word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    }

    public void Dispose()
    {
        if (_word != null) NativeMemory.Free(_word);
        _word = null;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, nint addr, int op, int val, nint timeout, nint addr2, int val3);
}
