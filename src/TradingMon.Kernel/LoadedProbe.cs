using TradingMon.Kernel.Probes;

namespace TradingMon.Kernel;

/// <summary>A source whose programs are loaded and attached, with its mapped ring buffer.</summary>
public sealed class LoadedProbe : IDisposable
{
    private const string TxSweepProgram = "tm_net_tx_sweep";

    /// <summary>
    /// A tracked tx packet still waiting for start_xmit after this long is counted lost (start_unseen)
    /// at the next counter read: far above any healthy qdisc wait, so only packets the kernel sent
    /// without running our start_xmit program, or freed by an untraced path, reach it.
    /// </summary>
    public static readonly TimeSpan TxStaleAfter = TimeSpan.FromSeconds(1);

    private readonly bool _hasTxSweep;

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
        _hasTxSweep = obj.HasProgram(TxSweepProgram);
    }

    /// <summary>The kernel's counters for this source, per CPU (index = CPU). For net, sweeps stale tx packets first.</summary>
    public ProbeCounters[] CountersPerCpu()
    {
        if (_hasTxSweep) SweepStaleTx(TxStaleAfter);
        return Object.LookupPerCpu<ProbeCounters>("tm_counters", Source.CounterIndex);
    }

    /// <summary>
    /// Net only: counts as lost (start_unseen, on the calling CPU) and forgets every tracked tx packet
    /// still waiting for start_xmit after <paramref name="olderThan"/>. A test that knows every packet
    /// it sent has arrived passes a short bound.
    /// </summary>
    public void SweepStaleTx(TimeSpan olderThan) => Object.Run(TxSweepProgram, (ulong)olderThan.Ticks * 100);

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
