using System.Runtime.InteropServices;

namespace TradingMon.Kernel;

/// <summary>C# twin of <c>struct tm_counters</c>: what one source did on one CPU, counted in the kernel.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ProbeCounters
{
    /// <summary>Completed intervals that passed the filters.</summary>
    public ulong Seen;
    /// <summary>Records submitted to the ring buffer.</summary>
    public ulong Streamed;
    /// <summary>Records lost because the ring buffer was full: the reader fell behind.</summary>
    public ulong Dropped;
    /// <summary>Intervals under the minimum latency: counted only.</summary>
    public ulong BelowMin;
    /// <summary>Waits whose start could not be stored: the kernel refused to create the task's storage.</summary>
    public ulong NoStorage;
    /// <summary>Waits whose end the kernel never reported: the task left the CPU while still waiting for it.</summary>
    public ulong EndUnseen;
    /// <summary>Waits whose start the kernel never reported: a blocked task switched in without a wakeup.</summary>
    public ulong StartUnseen;

    /// <summary>Intervals that happened but could not be measured (see the three fields above).</summary>
    public readonly ulong Lost => NoStorage + EndUnseen + StartUnseen;

    public static ProbeCounters operator +(ProbeCounters a, ProbeCounters b) => new()
    {
        Seen = a.Seen + b.Seen,
        Streamed = a.Streamed + b.Streamed,
        Dropped = a.Dropped + b.Dropped,
        BelowMin = a.BelowMin + b.BelowMin,
        NoStorage = a.NoStorage + b.NoStorage,
        EndUnseen = a.EndUnseen + b.EndUnseen,
        StartUnseen = a.StartUnseen + b.StartUnseen,
    };
}
