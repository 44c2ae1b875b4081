using TradingMon.Core;

namespace TradingMon.Actors;

/// <summary>Nanosecond CLOCK_MONOTONIC time, the same clock as the kernel's event timestamps.</summary>
public interface IClock
{
    long NowNs { get; }
}

/// <summary>The real clock: clock_gettime(CLOCK_MONOTONIC), as bpf_ktime_get_ns() reads it.</summary>
public sealed class MonotonicClock : IClock
{
    public static readonly MonotonicClock Instance = new();
    public long NowNs => LinuxThread.MonotonicNs();
}
