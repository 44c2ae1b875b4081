using System.Runtime.CompilerServices;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Bridge;

/// <summary>
/// The ring → actors bridge: the ring's batch event processor calls <see cref="OnEvent"/> for every
/// slot, and the event is recorded straight into its key's HdrHistogram recorder, culprit table and
/// immediate rules. No actor message and no allocation per event: actors never see events, they
/// own what the events were recorded into (rotate intervals, build windows, evaluate windowed rules,
/// answer queries).
/// </summary>
/// <remarks>
/// <para>Single consumer: one ring consumer thread owns this handler and is the only writer of every
/// key's recorder and culprit table (HdrHistogram's Recorder is single-writer safe against the
/// interval swap done by the aggregator).</para>
/// <para>Key lookup without locks or allocation: per-CPU keys are array slots (cpu, cpu × vector);
/// hard IRQs and tx queues, whose ids are sparse, use small open-addressing tables. The first event
/// of a new key creates it (allocation once per key) and announces it to the actor tree.</para>
/// </remarks>
public sealed class RingBridgeHandler
{
    /// <summary>Highest CPU id + 1 the per-CPU arrays cover (Linux's default NR_CPUS on x86_64 is 8192; 1024 is ample here).</summary>
    public const int MaxCpus = 1024;
    private const int VectorSlots = 16; // enum tm_irq_vector fits in 4 bits
    private const int SoftirqSlots = 10; // HI .. RCU

    private readonly KeyFactory _factory;
    private readonly TaskWatch _watch;
    private readonly KeySeries?[] _runq = new KeySeries?[MaxCpus];
    private readonly KeySeries?[] _vectors = new KeySeries?[MaxCpus * VectorSlots];
    private readonly KeySeries?[] _softirqDuration = new KeySeries?[MaxCpus * SoftirqSlots];
    private readonly KeySeries?[] _softirqLatency = new KeySeries?[MaxCpus * SoftirqSlots];
    private readonly KeyTable _irqs;
    private readonly KeyTable _txQueues;
    private readonly KeyTable _txDriver;

    private long _events, _ignored, _invalid, _keyTableFull;

    internal RingBridgeHandler(KeyFactory factory, TaskWatch watch, int maxIrqKeys = 1024, int maxQueueKeys = 512)
    {
        _factory = factory;
        _watch = watch;
        _irqs = new KeyTable(maxIrqKeys);
        _txQueues = new KeyTable(maxQueueKeys);
        _txDriver = new KeyTable(maxQueueKeys);
    }

    /// <summary>Counters of what the bridge saw; every event not recorded is in one of them.</summary>
    public BridgeCounters Counters => new(
        Volatile.Read(ref _events), Volatile.Read(ref _ignored), Volatile.Read(ref _invalid), Volatile.Read(ref _keyTableFull), _factory.Count);

    /// <summary>The ring's batch event processor callback (ring consumer thread only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref KernelEvent e, long sequence, bool endOfBatch)
    {
        Volatile.Write(ref _events, _events + 1); // single writer: a plain increment, published for readers
        if (e.Cpu >= MaxCpus)
        {
            Volatile.Write(ref _invalid, _invalid + 1);
            return;
        }
        switch (e.Kind)
        {
            case EventKind.Runq: OnRunq(ref e); break;
            case EventKind.HardIrq: OnHardIrq(ref e); break;
            case EventKind.IrqVector: OnIrqVector(ref e); break;
            case EventKind.Softirq: OnSoftirq(ref e); break;
            case EventKind.NetTx: OnNetTx(ref e); break;
            default: Volatile.Write(ref _ignored, _ignored + 1); break; // napi_poll and unknown kinds carry no latency metric
        }
    }

    private void OnRunq(ref KernelEvent e)
    {
        int cpu = (int)e.Cpu;
        var key = _runq[cpu] ??= _factory.Create(Metric.RunqLatency, Source.Scheduler, KeyScope.Cpu, CpuName(cpu), "", cpu, -1, -1);
        key.Record(e.ValueNs, (long)e.TsNs, (int)e.Runq.CulpritPid, e.Runq.CulpritComm);
        if (_watch.Active) _watch.Record(Metric.RunqLatency, Source.Scheduler, e.ValueNs, (long)e.TsNs, (int)e.Pid, e.Comm, (int)e.Runq.CulpritPid, e.Runq.CulpritComm);
    }

    private void OnHardIrq(ref KernelEvent e)
    {
        int cpu = (int)e.Cpu;
        long id = ((long)cpu << 32) | e.Irq.Irq;
        var key = _irqs.Find(id);
        if (key is null)
        {
            if (_irqs.IsFull)
            {
                Volatile.Write(ref _keyTableFull, _keyTableFull + 1);
                return;
            }
            string name = e.Irq.Name.Bytes.IsEmpty ? $"irq{e.Irq.Irq}" : e.Irq.Name.ToString();
            key = _factory.Create(Metric.IrqDuration, Source.HardIrq, KeyScope.CpuIrq, $"{CpuName(cpu)}/{name}", name, cpu, (int)e.Irq.Irq, -1);
            _irqs.Add(id, key);
        }
        RecordIrq(key, ref e, Metric.IrqDuration, Source.HardIrq);
    }

    private void OnIrqVector(ref KernelEvent e)
    {
        int cpu = (int)e.Cpu;
        int vector = (int)(e.Irq.Irq & (VectorSlots - 1));
        ref var slot = ref _vectors[cpu * VectorSlots + vector];
        if (slot is null)
        {
            string name = VectorName((IrqVector)vector);
            slot = _factory.Create(Metric.IrqDuration, Source.HardIrq, KeyScope.CpuIrq, $"{CpuName(cpu)}/{name}", name, cpu, vector, -1);
        }
        RecordIrq(slot, ref e, Metric.IrqDuration, Source.HardIrq);
    }

    private void OnSoftirq(ref KernelEvent e)
    {
        int cpu = (int)e.Cpu;
        uint vec = (uint)e.Softirq.Vec;
        if (vec >= SoftirqSlots)
        {
            Volatile.Write(ref _invalid, _invalid + 1);
            return;
        }
        int i = cpu * SoftirqSlots + (int)vec;
        var duration = _softirqDuration[i] ??= CreateSoftirq(Metric.SoftirqDuration, cpu, vec);
        RecordIrq(duration, ref e, Metric.SoftirqDuration, Source.Softirq);
        // aux_ns = raise -> entry; 0 when the raise was not seen (raised before the probe attached).
        if (e.AuxNs != 0)
        {
            var latency = _softirqLatency[i] ??= CreateSoftirq(Metric.SoftirqLatency, cpu, vec);
            latency.Record(e.AuxNs, (long)e.TsNs, (int)e.Pid, e.Comm);
            if (_watch.Active) _watch.Record(Metric.SoftirqLatency, Source.Softirq, e.AuxNs, (long)e.TsNs, (int)e.Pid, e.Comm, (int)e.Pid, e.Comm);
        }
    }

    private void OnNetTx(ref KernelEvent e)
    {
        // ifindex and queue repeat across network namespaces: the namespace is part of the key.
        var id = new Int128(e.Net.Netns, ((ulong)e.Net.Ifindex << 16) | e.Net.Queue);
        var queue = _txQueues.Find(id);
        if (queue is null && (queue = CreateQueue(Metric.NetTxqLatency, ref e, id, _txQueues)) is null) return;
        queue.Record(e.ValueNs, (long)e.TsNs, (int)e.Pid, e.Comm);
        if (_watch.Active) _watch.Record(Metric.NetTxqLatency, Source.NicQueue, e.ValueNs, (long)e.TsNs, (int)e.Pid, e.Comm, (int)e.Pid, e.Comm);
        // aux_ns = start_xmit -> xmit driver time; 0 when xmit was not seen for this skb.
        if (e.AuxNs != 0)
        {
            var driver = _txDriver.Find(id);
            if (driver is null && (driver = CreateQueue(Metric.NetTxDriver, ref e, id, _txDriver)) is null) return;
            driver.Record(e.AuxNs, (long)e.TsNs, (int)e.Pid, e.Comm);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordIrq(KeySeries key, ref KernelEvent e, Metric metric, Source source)
    {
        // IRQ and softirq keys: the task in the event is the one the interrupt delayed.
        key.Record(e.ValueNs, (long)e.TsNs, (int)e.Pid, e.Comm);
        if (_watch.Active) _watch.Record(metric, source, e.ValueNs, (long)e.TsNs, (int)e.Pid, e.Comm, (int)e.Pid, e.Comm);
    }

    private KeySeries CreateSoftirq(Metric metric, int cpu, uint vec)
    {
        string name = ((SoftirqVector)vec).ToString();
        return _factory.Create(metric, Source.Softirq, KeyScope.CpuSoftirq, $"{CpuName(cpu)}/{name}", name, cpu, (int)vec, -1);
    }

    private KeySeries? CreateQueue(Metric metric, ref KernelEvent e, Int128 id, KeyTable table)
    {
        if (table.IsFull)
        {
            Volatile.Write(ref _keyTableFull, _keyTableFull + 1);
            return null;
        }
        string dev = NetNamespace.QualifiedDevice(e.Net.Dev.Bytes.IsEmpty ? $"if{e.Net.Ifindex}" : e.Net.Dev.ToString(), e.Net.Netns);
        var key = _factory.Create(metric, Source.NicQueue, KeyScope.DeviceQueue, $"{dev}/tx{e.Net.Queue}", dev, -1, (int)e.Net.Ifindex, e.Net.Queue);
        table.Add(id, key);
        return key;
    }

    private static string CpuName(int cpu) => "cpu" + cpu.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>System vector names as keys spell them (cpu1/local_timer); see <see cref="Rules.SystemInventory.IrqVectorNames"/>.</summary>
    internal static string VectorName(IrqVector v) => v switch
    {
        IrqVector.LocalTimer => "local_timer",
        IrqVector.Reschedule => "reschedule",
        IrqVector.CallFunction => "call_function",
        IrqVector.CallFunctionSingle => "call_function_single",
        IrqVector.IrqWork => "irq_work",
        _ => "other",
    };
}

/// <summary>
/// What the bridge saw: all events, events of kinds with no latency metric (napi_poll), invalid
/// events (CPU or vector out of range), events dropped because a key table was full, keys created.
/// </summary>
public sealed record BridgeCounters(long Events, long IgnoredKinds, long Invalid, long KeyTableFull, int Keys);
