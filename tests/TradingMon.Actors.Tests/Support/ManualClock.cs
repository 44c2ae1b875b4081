using TradingMon.Actors;

namespace TradingMon.Actors.Tests.Support;

/// <summary>A virtual CLOCK_MONOTONIC the test moves by hand.</summary>
public sealed class ManualClock(long startNs = 1_000_000_000_000) : IClock
{
    private long _now = startNs;
    public long NowNs => Volatile.Read(ref _now);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, by.Ticks * 100);
}
