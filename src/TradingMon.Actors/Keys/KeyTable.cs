using System.Numerics;

using System.Runtime.CompilerServices;

namespace TradingMon.Actors.Keys;

/// <summary>
/// A small open-addressing table from a packed 128-bit key ((cpu, irq), (netns, ifindex, queue)) to its
/// <see cref="KeySeries"/>: linear probing over pre-sized arrays, so a lookup on the ring consumer
/// neither allocates nor locks. Single-threaded: only the ring consumer reads and writes it.
/// Keys are never removed (a key's histograms live as long as the monitor).
/// </summary>
internal sealed class KeyTable
{
    private readonly Int128[] _keys;
    private readonly KeySeries?[] _values;
    private readonly int _mask;

    public KeyTable(int capacity)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2)); // load ≤ 0.5
        _keys = new Int128[size];
        _values = new KeySeries?[size];
        _mask = size - 1;
        Capacity = capacity;
    }

    public int Capacity { get; }
    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public KeySeries? Find(Int128 key)
    {
        int slot = Hash(key);
        while (true)
        {
            var value = _values[slot];
            if (value is null || _keys[slot] == key) return value;
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>True when no key can be added: the caller counts the event as dropped.</summary>
    public bool IsFull => Count >= Capacity;

    /// <summary>Adds a key known to be absent, when not <see cref="IsFull"/>.</summary>
    public void Add(Int128 key, KeySeries value)
    {
        if (IsFull) throw new InvalidOperationException("key table full");
        int slot = Hash(key);
        while (_values[slot] is not null) slot = (slot + 1) & _mask;
        _keys[slot] = key;
        _values[slot] = value;
        Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Hash(Int128 key) => (int)(((ulong)key ^ (ulong)(key >> 64) * 0x9e3779b97f4a7c15UL) * 0x9e3779b97f4a7c15UL >> 40) & _mask;
}
