namespace TradingMon.Workloads;

/// <summary>How the latency probe runs.</summary>
/// <param name="Cpu">The CPU under test: the probe thread is pinned there.</param>
/// <param name="PeriodNs">Fixed period between deadlines (timer mode) or pings (ping-pong mode).</param>
/// <param name="FifoPriority">0 = SCHED_OTHER (sees run-queue latency from anything, like a trading thread
/// that is not real-time); 1..99 = SCHED_FIFO at that priority (sees only higher-priority and IRQ noise).</param>
/// <param name="PartnerCpu">Null: timer mode, the probe sleeps to absolute deadlines and records its lateness.
/// A CPU: ping-pong mode, a partner pinned there wakes the probe at each deadline and the probe records the
/// wakeup latency (partner's wake to probe running), then answers so the next ping never overlaps.</param>
/// <param name="ThreadName">The probe thread's name and kernel comm. Scenarios filter run-queue latency by it, so a
/// second probe (the perf-lab's host control) takes another name to stay out of the first one's series.</param>
public sealed record LatencyProbeOptions(int Cpu, long PeriodNs, int FifoPriority = 0, int? PartnerCpu = null, string ThreadName = LatencyProbe.DefaultThreadName)
{
    /// <summary>Highest lateness the histogram tracks: 10 s; anything beyond is a broken machine, not a tail.</summary>
    public const long HighestTrackableNs = 10_000_000_000L;
}
