using HdrHistogram;
using TradingMon.Core;

namespace TradingMon.Kernel.Probes;

/// <summary>
/// Per-key interval histograms for the interrupt and NIC-queue sources, for display: one per device
/// IRQ or system vector and CPU (<c>cpu0/virtio0-input.0</c>, <c>cpu1/local_timer</c>), softirq
/// vector and CPU (<c>cpu1/NET_RX</c>) and tx queue (<c>eth0/tx0</c>, per network namespace).
/// </summary>
/// <remarks>
/// <see cref="Record"/> runs on the reader thread: a lookup in a fixed open-addressed table, no
/// lock. Only the first event of a new key allocates (its name and recorder). One writer
/// (the reader thread), any number of printers: a slot is filled before the count that publishes it.
/// Keys beyond <see cref="Capacity"/> are counted in <see cref="Overflow"/>, not recorded.
/// </remarks>
public sealed class KeyedLatencyStats
{
    public const int Capacity = 1024;
    private const long MaxValueNs = 60_000_000_000L; // one minute

    private readonly UInt128[] _table = new UInt128[2 * Capacity]; // open addressing: key + 1, 0 = empty
    private readonly int[] _slotOf = new int[2 * Capacity];
    private readonly string[] _names = new string[Capacity];
    private readonly Recorder[] _recorders = new Recorder[Capacity];
    private int _count;

    /// <summary>Events not recorded because <see cref="Capacity"/> keys already exist.</summary>
    public long Overflow;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records the event's primary figure under its key; run-queue events are not keyed here.</summary>
    public void Record(in KernelEvent e)
    {
        if (e.Kind is not (EventKind.HardIrq or EventKind.IrqVector or EventKind.Softirq or EventKind.NetTx)) return;
        UInt128 key = KeyOf(e) + 1;
        int mask = _table.Length - 1;
        for (int i = (int)(Mix(key) & (ulong)mask), probes = 0; probes < _table.Length; i = (i + 1) & mask, probes++)
        {
            if (_table[i] == key)
            {
                _recorders[_slotOf[i]].RecordValue(Clamp(e.ValueNs));
                return;
            }
            if (_table[i] == 0)
            {
                int slot = _count;
                if (slot == Capacity)
                {
                    Overflow++;
                    return;
                }
                // First sight of this key: the one allocation, then publish the slot.
                _names[slot] = EventKeyNames.Format(e);
                _recorders[slot] = new Recorder(1, MaxValueNs, 2, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
                _recorders[slot].RecordValue(Clamp(e.ValueNs));
                _slotOf[i] = slot;
                _table[i] = key;
                Volatile.Write(ref _count, slot + 1);
                return;
            }
        }
    }

    /// <summary>Name and interval histogram (since the previous call) of every key seen so far.</summary>
    public IEnumerable<(string Key, HistogramBase Interval)> TakeIntervals()
    {
        int n = Count;
        for (int i = 0; i < n; i++) yield return (_names[i], _recorders[i].GetIntervalHistogram());
    }

    /// <summary>
    /// kind | cpu | id: the IRQ number or vector, the softirq vector; for a tx queue, no CPU but the
    /// net namespace in the high half, since ifindex and queue repeat across namespaces.
    /// </summary>
    private static UInt128 KeyOf(in KernelEvent e)
    {
        ulong kind = (ulong)e.Kind << 56;
        return e.Kind switch
        {
            EventKind.HardIrq or EventKind.IrqVector => kind | (ulong)e.Cpu << 32 | e.Irq.Irq,
            EventKind.Softirq => kind | (ulong)e.Cpu << 32 | (uint)e.Softirq.Vec,
            _ => new UInt128(e.Net.Netns, kind | (ulong)e.Net.Ifindex << 16 | e.Net.Queue),
        };
    }

    private static ulong Mix(UInt128 key)
    {
        ulong k = (ulong)key ^ (ulong)(key >> 64) * 0x9e3779b97f4a7c15UL;
        return (k ^ (k >> 29)) * 0xbf58476d1ce4e5b9UL >> 32;
    }

    private static long Clamp(ulong ns) => (long)Math.Clamp(ns, 1UL, (ulong)MaxValueNs);
}
