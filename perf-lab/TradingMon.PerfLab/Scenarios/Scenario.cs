namespace TradingMon.PerfLab.Scenarios;

/// <summary>One perf-lab scenario, as read and validated from <c>perf-lab/scenarios/NAME.json</c> (see perf-lab/README.md).</summary>
/// <param name="Name">The file name without <c>.json</c>.</param>
/// <param name="BaselineName">Whose baseline this scenario is compared with: its own name unless the file says <c>"baseline"</c>.</param>
public sealed record Scenario(
    string Name,
    string File,
    string Description,
    string BaselineName,
    long DurationNs,
    long QuickDurationNs,
    int? Repeat,
    WorkloadSpec Workload,
    IReadOnlyList<NoiseSpec> Noise,
    IReadOnlyList<MetricSpec> Metrics);

/// <summary>
/// What a run measures. <c>latency-probe</c>: the probe pinned to <see cref="Cpu"/>, woken every
/// <see cref="PeriodNs"/> (see LatencyProbe). The pipeline workloads (<see cref="Pipeline"/> set) measure
/// TradingMon itself on <see cref="Cpu"/> instead (see Pipeline/). <see cref="ControlCpu"/> places the
/// host-noise control (see HostControl); null lets the runner pick a free CPU.
/// </summary>
public sealed record WorkloadSpec(string Type, int Cpu, long PeriodNs, int FifoPriority, int? PartnerCpu, int? ControlCpu = null, PipelineSpec? Pipeline = null);

/// <summary>A workload that measures the monitor itself rather than the machine (perf-lab/README.md, "Pipeline scenarios").</summary>
public abstract record PipelineSpec;

/// <summary>
/// Kernel → Aeron subscriber alert latency: a SCHED_FIFO hog holds <see cref="WorkloadSpec.Cpu"/> for
/// <see cref="HoldNs"/> while a woken victim waits behind it; the engine's rule "run-queue latency above
/// <see cref="ThresholdNs"/>" alerts over Aeron on loopback to a subscriber in the same process.
/// <see cref="LowLatency"/> runs the engine's <c>latencyMode: low</c> (reader and ring consumer poll; configs/README.md).
/// </summary>
public sealed record AlertLatencySpec(long HoldNs, long ThresholdNs, bool LowLatency = false) : PipelineSpec
{
    public override string ToString() => $"SCHED_FIFO hog holding the CPU for {Quantity.FormatNs(HoldNs)} per wait, rule threshold {Quantity.FormatNs(ThresholdNs)}, alerts over Aeron on loopback, latency mode {(LowLatency ? "low" : "default")}";
}

/// <summary>
/// What watching costs the watched: <c>perf bench sched pipe -l Loops</c> pinned to
/// <see cref="WorkloadSpec.Cpu"/>, unmonitored and under TradingMon's engine, and under each tool in
/// <see cref="Compare"/> (<c>runqlat</c>, <c>bpftrace</c>), interleaved in rounds.
/// </summary>
public sealed record MonitorOverheadSpec(int Loops, IReadOnlyList<string> Compare) : PipelineSpec
{
    public override string ToString() => $"perf bench sched pipe -l {Loops} unmonitored, under TradingMon{string.Concat(Compare.Select(t => ", under " + t))}";
}

/// <summary>
/// The ingest ceiling: <c>perf bench sched pipe</c> pairs (1, 2, 4 … <see cref="MaxPairs"/>) stepped up
/// until the engine drops events or the load stops growing; the engine's rings are <see cref="RingBytes"/>.
/// </summary>
public sealed record IngestCeilingSpec(int MaxPairs, uint RingBytes) : PipelineSpec
{
    public override string ToString() => $"perf bench sched pipe, 1 to {MaxPairs} pairs, kernel rings of {RingBytes / 1024} KiB";
}

/// <summary>A noise injector the runner starts before the workload and stops after it.</summary>
public abstract record NoiseSpec(string Type);

/// <summary>A SCHED_FIFO hog on <see cref="Cpu"/> spinning <see cref="BurstNs"/> out of every <see cref="PeriodNs"/>.</summary>
public sealed record FifoHogNoise(int Cpu, long BurstNs, long PeriodNs, int Priority) : NoiseSpec("fifo-hog")
{
    public override string ToString() => $"SCHED_FIFO {Priority} hog on CPU {Cpu}: {Quantity.FormatNs(BurstNs)} every {Quantity.FormatNs(PeriodNs)}";
}

/// <summary>Softirq load: UDP datagrams over loopback at <see cref="PacketsPerSecond"/>, sent from <see cref="Cpu"/>.</summary>
public sealed record SoftirqNoise(int Cpu, int PacketsPerSecond, int PayloadBytes) : NoiseSpec("softirq")
{
    public override string ToString() => $"softirq load: {PacketsPerSecond} UDP datagrams/s of {PayloadBytes} B over loopback from CPU {Cpu}";
}

/// <summary>NIC queue load: UDP bursts through a runner-made veth into a namespace, shaped by tbf.</summary>
public sealed record NicQueueNoise(int Cpu, long RateBitsPerSecond, int BurstBytes, int PacketsPerSecond, int PayloadBytes) : NoiseSpec("nic-queue")
{
    public override string ToString() => $"NIC queue load: {PacketsPerSecond} packets/s of {PayloadBytes} B from CPU {Cpu} through a veth shaped by tbf {RateBitsPerSecond / 1e6:0.###} mbit/s, burst {BurstBytes} B";
}

/// <summary>
/// One recorded series and its rules. <see cref="Key"/> selects the series (<c>cpu1</c>,
/// <c>cpu*/NET_RX</c>: a <c>*</c> merges every matching key); the probe's own metric has the key <c>probe</c>.
/// <see cref="Comm"/> (sched.runq only) keeps only the waits of tasks with that name, e.g. the probe's
/// thread <c>latency-probe</c>: the trading thread's run-queue latency rather than every neighbour's.
/// </summary>
public sealed record MetricSpec(string Name, string Key, long MinSamples, long NoiseFloorNs, IReadOnlyList<PercentileRule> Rules, string? Comm = null);

/// <summary>A percentile (or max) and the ratio current/baseline it may reach before the verdict is "regressed".</summary>
public sealed record PercentileRule(Percentile Percentile, double MaxRatio);
