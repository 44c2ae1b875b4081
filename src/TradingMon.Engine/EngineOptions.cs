using TradingMon.Actors;
using TradingMon.Kernel;
using TradingMon.Ring;
using TradingMon.Ring.Kernel;

namespace TradingMon.Engine;

/// <summary>Everything <see cref="MonitorEngine"/> needs to know before it attaches a probe.</summary>
public sealed record EngineOptions
{
    /// <summary>Sources, CPUs, kernel ring size, filters. The engine always excludes its own process.</summary>
    public ProbeOptions Probes { get; init; } = new();
    /// <summary>Reader CPU and idle wait. Default: not pinned, epoll (takes no core from the workload).</summary>
    public ReaderOptions Reader { get; init; } = new();
    /// <summary>Slots in the Disruptor ring between the reader and the actors (power of two).</summary>
    public int RingSize { get; init; } = KernelEventRing.DefaultSize;
    /// <summary>How the ring consumer waits for events (<see cref="WaitStrategies.Names"/>).</summary>
    public string RingWait { get; init; } = WaitStrategies.Default;
    /// <summary>Interval length, windows, host name of the actor layer.</summary>
    public MonitorOptions Actors { get; init; } = new();
    /// <summary>Longest wait for the ring consumer to drain at stop.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
