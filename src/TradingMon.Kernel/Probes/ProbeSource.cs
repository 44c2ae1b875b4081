namespace TradingMon.Kernel.Probes;

/// <summary>
/// One source of jitter: a compiled object in bpf/ with its `tm_events` ring buffer and its per-CPU
/// `tm_counters` map (struct tm_counters, indexed by <see cref="CounterIndex"/> = enum tm_counter_source).
/// </summary>
/// <param name="Name">Short name shown to users: sched, irq, softirq, net.</param>
/// <param name="ObjectFile">File name under the output's bpf/ folder.</param>
/// <param name="Watches">What the user loses if it cannot load, in words.</param>
public sealed record ProbeSource(string Name, string ObjectFile, uint CounterIndex, string Watches);

/// <summary>Every source TradingMon knows. `tradingmon probe` and the engine load these.</summary>
public static class ProbeCatalog
{
    public static readonly ProbeSource Sched = new("sched", "sched.bpf.o", 0, "run-queue latency and culprits");
    public static readonly ProbeSource Irq = new("irq", "irq.bpf.o", 1, "hard IRQ and system-vector handler time");
    public static readonly ProbeSource Softirq = new("softirq", "softirq.bpf.o", 2, "softirq duration and raise latency");
    public static readonly ProbeSource Net = new("net", "net.bpf.o", 3, "NIC tx-queue wait, NAPI and rx-queue figures");

    public static readonly IReadOnlyList<ProbeSource> All = [Sched, Irq, Softirq, Net];

    public static ProbeSource ByName(string name)
    {
        foreach (var s in All)
        {
            if (s.Name == name) return s;
        }
        throw new TradingMon.Core.TradingMonException($"unknown probe source '{name}': choose from {string.Join(", ", All.Select(s => s.Name))}");
    }
}
