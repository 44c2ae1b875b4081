using System.Runtime.InteropServices;

namespace TradingMon.Benchmarks;

/// <summary>A 40-byte event, the size class of the 32–48 byte throughput target.</summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
public struct RingBenchEvent
{
    public long Value;
    public long TimestampTicks;
    public long A, B, C;
}
