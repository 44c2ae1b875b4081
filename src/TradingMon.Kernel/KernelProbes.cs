using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Kernel.Native;
using TradingMon.Kernel.Probes;

namespace TradingMon.Kernel;

/// <summary>
/// The loaded, attached set of probes. <see cref="Load"/> checks privileges and BTF, sets every
/// tunable, skips tracepoints this kernel lacks (saying so), loads and attaches; <see cref="Dispose"/>
/// detaches everything so no program or link of ours stays in the kernel.
/// </summary>
public sealed class KernelProbes : IDisposable
{
    private const int MaxCpus = 1024;
    private readonly List<LoadedProbe> _probes;

    public IReadOnlyList<LoadedProbe> Probes => _probes;
    public ProbeOptions Options { get; }

    private KernelProbes(ProbeOptions options, List<LoadedProbe> probes)
    {
        Options = options;
        _probes = probes;
    }

    /// <summary>Where the build puts the compiled objects: a bpf/ folder beside the assemblies.</summary>
    public static string ObjectDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "bpf");

    /// <param name="warn">Receives one line per thing skipped (a tracepoint missing on this kernel).</param>
    public static KernelProbes Load(ProbeOptions options, Action<string>? warn = null)
    {
        KernelPreflight.Check();
        ValidateRingBytes(options.RingBytes);
        ulong cgroupId = options.TargetCgroupPath is null ? 0 : CgroupId(options.TargetCgroupPath);
        var probes = new List<LoadedProbe>();
        try
        {
            using var tracepoints = new TracepointAvailability();
            foreach (var source in options.Sources)
            {
                var probe = LoadOne(source, options, cgroupId, tracepoints, warn);
                if (probe is not null) probes.Add(probe);
            }
        }
        catch
        {
            foreach (var p in probes) p.Dispose();
            throw;
        }
        return new KernelProbes(options, probes);
    }

    private static LoadedProbe? LoadOne(ProbeSource source, ProbeOptions o, ulong cgroupId, TracepointAvailability tracepoints, Action<string>? warn)
    {
        var obj = BpfObject.Open(System.IO.Path.Combine(ObjectDirectory, source.ObjectFile));
        try
        {
            var skipped = new List<string>();
            int active = 0;
            foreach (var (prog, _, section) in obj.Programs())
            {
                if (section == BpfObject.SyscallSection) continue; // run on demand, watches nothing by itself
                if (tracepoints.Has(section)) { active++; continue; }
                BpfObject.DisableProgram(prog);
                skipped.Add(section);
                string tracepoint = section["tp_btf/".Length..];
                string what = TracepointLosses.Describe(tracepoint) ?? $"tracepoint {tracepoint} is missing on this kernel: {source.Name} loses part of {source.Watches}";
                warn?.Invoke($"{what}; the {source.Name} probe continues without it");
            }
            if (active == 0)
            {
                warn?.Invoke($"no tracepoint of the {source.Name} probe exists on this kernel: {source.Watches} will not be watched");
                obj.Dispose();
                return null;
            }
            SetTunables(obj, o, cgroupId);
            obj.SetMaxEntries("tm_events", o.RingBytes);
            obj.Load();
            obj.AttachAll();
            var ring = new RingBufferMap(source.Name, obj.MapFd("tm_events"), o.RingBytes);
            return new LoadedProbe(source, obj, ring, skipped);
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    private static void SetTunables(BpfObject obj, ProbeOptions o, ulong cgroupId)
    {
        obj.SetGlobal("tm_cpu_mask", MemoryMarshal.AsBytes(CpuMask(o.Cpus).AsSpan()));
        obj.SetGlobal("tm_min_latency_ns", o.MinLatencyNs);
        obj.SetGlobal("tm_exclude_tgid", (uint)o.ExcludeTgid);
        obj.SetGlobal("tm_wakeup_min_ns", o.WakeupMinNs);
        // Never above a quarter of the ring: a threshold the ring cannot reach would leave the reader to
        // its poll interval alone, and a small ring overflows between two polls (64 KiB did at 175 k events/s).
        obj.SetGlobal("tm_wakeup_bytes", Math.Min(o.WakeupBytes, o.RingBytes / 4));
        // Process and cgroup filters exist only where they mean something (the scheduler probe).
        if (obj.HasGlobal("tm_target_tgid")) obj.SetGlobal("tm_target_tgid", (uint)o.TargetTgid);
        if (obj.HasGlobal("tm_target_cgroup")) obj.SetGlobal("tm_target_cgroup", cgroupId);
    }

    private static ulong[] CpuMask(IReadOnlyList<int>? cpus)
    {
        var mask = new ulong[MaxCpus / 64];
        if (cpus is null)
        {
            Array.Fill(mask, ulong.MaxValue);
            return mask;
        }
        foreach (int cpu in cpus)
        {
            if (cpu < 0 || cpu >= Environment.ProcessorCount)
                throw new TradingMonException($"CPU {cpu} does not exist: this machine has CPUs 0-{Environment.ProcessorCount - 1}");
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        return mask;
    }

    private static void ValidateRingBytes(uint bytes)
    {
        if (RingBytesProblem(bytes) is { } problem) throw new TradingMonException($"ring buffer size {bytes} is invalid: {problem}");
    }

    /// <summary>Why the kernel would refuse a ring buffer of this size, or null: the rule callers check before loading (perf-lab's scenario files).</summary>
    public static string? RingBytesProblem(long bytes)
    {
        int page = Syscalls.getpagesize();
        return bytes < page || (bytes & (bytes - 1)) != 0 ? $"it must be a power of two of at least {page} bytes" : null;
    }

    /// <summary>A cgroup v2 id is the inode number of its directory under /sys/fs/cgroup.</summary>
    private static unsafe ulong CgroupId(string path)
    {
        var st = stackalloc byte[256];
        if (stat(path, st) != 0)
            throw new TradingMonException($"cgroup {path} not found: give a cgroup v2 directory such as /sys/fs/cgroup/trading.slice");
        return *(ulong*)(st + 8); // struct stat on x86-64: st_dev, then st_ino
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int stat(string path, byte* buf);

    /// <summary>Never measure these threads (the readers): written into the sched probe's .bss.</summary>
    public void ExcludeThreads(ReadOnlySpan<int> tids)
    {
        var slots = new uint[4];
        for (int i = 0; i < tids.Length && i < slots.Length; i++) slots[i] = (uint)tids[i];
        foreach (var p in _probes)
        {
            if (p.Object.HasGlobal("tm_excluded_tids"))
                p.Object.SetGlobal("tm_excluded_tids", MemoryMarshal.AsBytes(slots.AsSpan()));
        }
    }

    public LoadedProbe? Find(ProbeSource source)
    {
        foreach (var p in _probes)
        {
            if (p.Source == source) return p;
        }
        return null;
    }

    /// <summary>
    /// Stops every program while the rings and counters stay readable: detach, then let the reader
    /// stop (its final drain then sees every record), then read the counters for exact totals.
    /// </summary>
    public void Detach()
    {
        foreach (var p in _probes) p.Object.Detach();
    }

    public void Dispose()
    {
        foreach (var p in _probes) p.Dispose();
        _probes.Clear();
    }
}
