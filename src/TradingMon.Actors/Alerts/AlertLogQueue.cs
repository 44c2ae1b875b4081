using TradingMon.Core;

namespace TradingMon.Actors.Alerts;

/// <summary>
/// A bounded multi-producer, single-consumer queue of alert copies waiting for their log line
/// (Vyukov's bounded queue: each slot carries a sequence that says whose turn it is). Producers
/// never block or allocate; when the log writer falls behind, the line is counted in
/// <see cref="Dropped"/> instead (the alert itself already reached the sink).
/// </summary>
internal sealed class AlertLogQueue
{
    private readonly Alert[] _slots;
    private readonly long[] _turn;
    private readonly int _mask;
    private long _tail; // next slot to claim (producers)
    private long _head; // next slot to read (consumer)
    private long _dropped;

    public AlertLogQueue(int capacity)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Alert[size];
        _turn = new long[size];
        _mask = size - 1;
        for (int i = 0; i < size; i++) _turn[i] = i;
    }

    public long Dropped => Volatile.Read(ref _dropped);

    public bool TryEnqueue(in Alert alert)
    {
        while (true)
        {
            long tail = Volatile.Read(ref _tail);
            int slot = (int)(tail & _mask);
            long turn = Volatile.Read(ref _turn[slot]);
            if (turn == tail)
            {
                if (Interlocked.CompareExchange(ref _tail, tail + 1, tail) != tail) continue; // lost the race: retry
                _slots[slot] = alert;
                Volatile.Write(ref _turn[slot], tail + 1); // publish: the consumer may read the slot now
                return true;
            }
            if (turn < tail)
            {
                Interlocked.Increment(ref _dropped); // the slot still holds an unread alert: queue full
                return false;
            }
            // turn > tail: another producer claimed this tail meanwhile; reload
        }
    }

    /// <summary>Consumer side: the next queued alert, if any.</summary>
    public bool TryDequeue(out Alert alert)
    {
        long head = _head;
        int slot = (int)(head & _mask);
        if (Volatile.Read(ref _turn[slot]) != head + 1)
        {
            alert = default;
            return false;
        }
        alert = _slots[slot];
        _slots[slot] = default; // drop string references
        Volatile.Write(ref _turn[slot], head + _slots.Length); // free the slot for the producer one lap later
        _head = head + 1;
        return true;
    }
}
