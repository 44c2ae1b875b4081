using System.Numerics;

namespace TradingMon.Actors.Bridge;

/// <summary>An immutable set of thread ids (open addressing), built off the hot path and read on it.</summary>
internal sealed class PidSet
{
    public static readonly PidSet Empty = new([]);

    private readonly int[] _slots; // tid + 1; 0 = empty
    private readonly int _mask;

    public PidSet(IReadOnlyCollection<int> tids)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, tids.Count * 2));
        _slots = new int[size];
        _mask = size - 1;
        foreach (int tid in tids)
        {
            int slot = Slot(tid);
            while (_slots[slot] != 0 && _slots[slot] != tid + 1) slot = (slot + 1) & _mask;
            _slots[slot] = tid + 1;
        }
        Count = tids.Count;
    }

    public int Count { get; }

    public bool Contains(int tid)
    {
        int slot = Slot(tid);
        while (true)
        {
            int v = _slots[slot];
            if (v == tid + 1) return true;
            if (v == 0) return false;
            slot = (slot + 1) & _mask;
        }
    }

    private int Slot(int tid) => (int)((uint)(tid * -1640531535) >> 16) & _mask;
}
