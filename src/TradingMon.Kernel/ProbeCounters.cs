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
    /// <summary>
    /// sched: waits whose start could not be stored (the kernel refused to create the task's storage).
    /// net: tracked tx packets the pending table refused.
    /// </summary>
    public ulong NoStorage;
    /// <summary>
    /// sched: waits whose end the kernel never reported (the task left the CPU while still waiting for it).
    /// net: tracked tx packets whose net_dev_xmit never ran our program.
    /// </summary>
    public ulong EndUnseen;
    /// <summary>
    /// sched: waits whose start the kernel never reported (a blocked task switched in without a wakeup).
    /// net: tracked tx packets that left without net_dev_start_xmit running our program (consumed, their
    /// address queued again, or found stale by the sweep before a counter read).
    /// </summary>
    public ulong StartUnseen;

    /// <summary>Intervals that happened but could not be measured (see the three fields above; tradingmon.h has the details).</summary>
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
