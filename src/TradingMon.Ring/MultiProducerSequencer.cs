using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingMon.Ring;

/// <summary>
/// Sequencer for several publishing threads. A claim is one atomic add (or compare-and-swap for try-claim)
/// on the cursor, so the cursor runs ahead of publication; each slot therefore carries an availability
/// flag, the lap number of the sequence last published into it, and consumers only read a slot whose flag
/// matches the lap they expect.
/// </summary>
public sealed class MultiProducerSequencer : Sequencer
{
    private readonly int[] _availableLap;
    private readonly int _mask;
    private readonly int _indexShift;
    private readonly Sequence _gatingCache = new();
    private ProducerState _counters;

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy) : base(bufferSize, waitStrategy)
    {
        _mask = bufferSize - 1;
        _indexShift = RingMath.Log2(bufferSize);
        // Lap -1 never matches a real lap (sequences are >= 0), so no slot is available before its first publish.
        _availableLap = new int[bufferSize];
        Array.Fill(_availableLap, -1);
    }

    public override long TryClaimFailures => Volatile.Read(ref _counters.TryClaimFailures);
    public override long ClaimWaits => Volatile.Read(ref _counters.ClaimWaits);
    public override long Claimed => Cursor.Value;

    /// <summary>Claims the next <paramref name="n"/> slots, waiting while the ring is full; returns the highest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n = 1)
    {
        // The atomic add reserves [current+1, next] for this thread; other producers continue past it.
        long next = Cursor.AddAndGet(n);
        long current = next - n;
        if (RingMath.WrapPoint(next, BufferSize) > _gatingCache.Value) WaitForCapacity(next, current);
        return next;
    }

    /// <summary>Claims <paramref name="n"/> slots only if they are free now; counts the refusal otherwise.</summary>
    public bool TryNext(int n, out long highest)
    {
        long current;
        do
        {
            current = Cursor.Value;
            highest = current + n;
            if (!HasCapacity(highest, current))
            {
                Interlocked.Increment(ref _counters.TryClaimFailures);
                return false;
            }
        }
        while (!Cursor.CompareAndSet(current, highest));
        return true;
    }

    /// <summary>Marks one slot published.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        SetAvailable(sequence);
        SignalConsumers();
    }

    /// <summary>Marks every slot of [<paramref name="low"/>, <paramref name="high"/>] published.</summary>
    public void Publish(long low, long high)
    {
        for (long s = low; s <= high; s++) SetAvailable(s);
        SignalConsumers();
    }

    /// <summary>Is the slot of <paramref name="sequence"/> published for this lap? Acquire load of its flag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAvailable(long sequence)
        => Volatile.Read(ref FlagOf(sequence)) == RingMath.LapOf(sequence, _indexShift);

    public override long HighestPublished(long lowerBound, long availableSequence)
    {
        for (long s = lowerBound; s <= availableSequence; s++)
        {
            if (!IsAvailable(s)) return s - 1;
        }
        return availableSequence;
    }

    /// <summary>Release store of the lap: the slot's contents are visible before the flag that announces them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence) => Volatile.Write(ref FlagOf(sequence), RingMath.LapOf(sequence, _indexShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int FlagOf(long sequence)
        => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableLap), RingMath.IndexOf(sequence, _mask));

    private bool HasCapacity(long next, long current)
    {
        if (RingMath.WrapPoint(next, BufferSize) <= _gatingCache.Value) return true;
        long min = RingMath.Minimum(GatingSequences, current);
        _gatingCache.SetValue(min);
        return RingMath.WrapPoint(next, BufferSize) <= min;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long next, long current)
    {
        long min;
        var spin = new SpinWait();
        bool waited = false;
        while (RingMath.WrapPoint(next, BufferSize) > (min = RingMath.Minimum(GatingSequences, current)))
        {
            waited = true;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        if (waited) Interlocked.Increment(ref _counters.ClaimWaits);
        _gatingCache.SetValue(min);
    }
}
