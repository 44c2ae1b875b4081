using TradingMon.Kernel.Probes;

namespace TradingMon.Kernel;

/// <summary>What to watch and how, fixed before the programs load (they become `const volatile`).</summary>
public sealed record ProbeOptions
{
    /// <summary>Sources to load; all by default.</summary>
    public IReadOnlyList<ProbeSource> Sources { get; init; } = ProbeCatalog.All;
    /// <summary>CPUs to watch; null = all.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }
    /// <summary>Intervals shorter than this are only counted in the kernel, not streamed. 0 = stream all.</summary>
    public ulong MinLatencyNs { get; init; }
    /// <summary>Records at least this long wake the reader at once (alert candidates). Default: never.</summary>
    public ulong WakeupMinNs { get; init; } = ulong.MaxValue;
    /// <summary>The kernel wakes the reader when this many bytes are pending in a ring (at most a quarter of <see cref="RingBytes"/> is used).</summary>
    public ulong WakeupBytes { get; init; } = 1 << 20;
    /// <summary>Size of each source's ring buffer in bytes (power of two, ≥ page size).</summary>
    public uint RingBytes { get; init; } = 4 << 20;
    /// <summary>A whole process never measured: the monitor itself (0 = none).</summary>
    public int ExcludeTgid { get; init; }
    /// <summary>Only this process (0 = all).</summary>
    public int TargetTgid { get; init; }
    /// <summary>Only tasks of this cgroup v2 directory (null = all).</summary>
    public string? TargetCgroupPath { get; init; }
}
