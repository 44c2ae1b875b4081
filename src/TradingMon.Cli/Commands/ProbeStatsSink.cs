using HdrHistogram;
using TradingMon.Core;
using TradingMon.Kernel.Probes;

namespace TradingMon.Cli.Commands;

/// <summary>
/// `tradingmon probe`'s consumer: one HdrHistogram recorder per (source, CPU). The reader thread
/// records without allocating or locking; the printer takes an interval histogram once a second.
/// Only latencies enter the histograms: a NAPI record (a poll that used its whole budget) has no
/// duration and is counted per CPU instead.
/// </summary>
public sealed class ProbeStatsSink : IKernelEventSink
{
    public static readonly string[] SourceNames = ["sched", "irq", "softirq", "net"];
    private readonly Recorder[,] _recorders;
    private readonly long[] _napiExhausted;
    private readonly int _cpus;

    /// <summary>The same interrupt and NIC-queue events, per IRQ / vector / softirq / tx queue.</summary>
    public KeyedLatencyStats Keys { get; } = new();

    public ProbeStatsSink(int cpus)
    {
        _cpus = cpus;
        _recorders = new Recorder[SourceNames.Length, cpus];
        _napiExhausted = new long[cpus];
        for (int s = 0; s < SourceNames.Length; s++)
            for (int c = 0; c < cpus; c++)
                _recorders[s, c] = new Recorder(1, 3_600_000_000_000L, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    }

    public static int SourceOf(EventKind kind) => kind switch
    {
        EventKind.Runq => 0,
        EventKind.HardIrq or EventKind.IrqVector => 1,
        EventKind.Softirq => 2,
        _ => 3,
    };

    public bool TryPublish(in KernelEvent e)
    {
        if (e.Cpu >= (uint)_cpus) return false;
        if (e.Kind == EventKind.NapiPoll)
        {
            // One writer (the reader thread); the printer reads the running total.
            Volatile.Write(ref _napiExhausted[e.Cpu], _napiExhausted[e.Cpu] + 1);
            return true;
        }
        long v = (long)Math.Clamp(e.ValueNs, 1UL, 3_600_000_000_000UL);
        _recorders[SourceOf(e.Kind), e.Cpu].RecordValue(v);
        Keys.Record(e);
        return true;
    }

    /// <summary>NAPI polls streamed from <paramref name="cpu"/> since start: each used its whole budget, leaving packets for the next poll.</summary>
    public long NapiBudgetExhausted(int cpu) => Volatile.Read(ref _napiExhausted[cpu]);

    /// <summary>What (source, CPU) recorded since the last call.</summary>
    public HistogramBase TakeInterval(int source, int cpu) => _recorders[source, cpu].GetIntervalHistogram();
}
