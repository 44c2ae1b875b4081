using TradingMon.Actors;
using TradingMon.Kernel;
using TradingMon.Ring;
using TradingMon.Ring.Kernel;

namespace TradingMon.Engine;

/// <summary>Everything <see cref="MonitorEngine"/> needs to know before it attaches a probe.</summary>
public sealed record EngineOptions
{
    /// <summary>Sources, CPUs, kernel ring size, filters. Its <c>ExcludeTgid</c> is set by the engine (<see cref="ExcludeOwnProcess"/>).</summary>
    public ProbeOptions Probes { get; init; } = new();
    /// <summary>
    /// True (the default, <c>tradingmon monitor</c>): the engine's own process is never measured, so the
    /// monitor's threads add nothing to what it reports. False: it is measured like any other process,
    /// for perf-lab, whose workload (latency probe, UDP senders) runs in the engine's process. The pinned
    /// reader thread stays excluded either way (by tid, in the scheduler probe), so reading does not
    /// create the events it reads; the other engine threads (ring consumer, actors) then show in the
    /// per-CPU series like any neighbour.
    /// </summary>
    public bool ExcludeOwnProcess { get; init; } = true;
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

    /// <summary>
    /// The low-latency alert path: the reader and the ring consumer never sleep in the kernel, they poll
    /// and call sched_yield when idle (the reader pinned to <paramref name="readerCpu"/> when given). This removes the
    /// two wakeups (epoll, then the consumer's futex) between a kernel event and the alert rule, each
    /// 50-300 µs on a busy 2-vCPU VM, at the price of two threads that show 100 % CPU: they give the core to any
    /// other runnable thread, but only use it where a housekeeping core can spare that.
    /// </summary>
    public EngineOptions WithLowLatency(int? readerCpu) => this with
    {
        Reader = Reader with { Cpu = readerCpu ?? Reader.Cpu, Wait = ReaderWaitStrategy.Yield },
        RingWait = "yielding",
    };
}
