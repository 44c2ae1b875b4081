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
}
