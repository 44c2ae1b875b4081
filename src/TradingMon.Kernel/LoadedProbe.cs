using TradingMon.Kernel.Probes;

namespace TradingMon.Kernel;

/// <summary>A source whose programs are loaded and attached, with its mapped ring buffer.</summary>
public sealed class LoadedProbe : IDisposable
{
    public ProbeSource Source { get; }
    public BpfObject Object { get; }
    public RingBufferMap Ring { get; }
    /// <summary>Tracepoints this kernel lacks, skipped at load.</summary>
    public IReadOnlyList<string> Skipped { get; }

    internal LoadedProbe(ProbeSource source, BpfObject obj, RingBufferMap ring, IReadOnlyList<string> skipped)
    {
        Source = source;
        Object = obj;
        Ring = ring;
        Skipped = skipped;
    }

    /// <summary>The kernel's counters for this source, per CPU (index = CPU).</summary>
    public ProbeCounters[] CountersPerCpu() => Object.LookupPerCpu<ProbeCounters>("tm_counters", Source.CounterIndex);

    public ProbeCounters CountersTotal()
    {
        var total = default(ProbeCounters);
        foreach (var c in CountersPerCpu()) total += c;
        return total;
    }

    public void Dispose()
    {
        Ring.Dispose();
        Object.Dispose();
    }
}
