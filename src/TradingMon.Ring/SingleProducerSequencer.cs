using System.Runtime.CompilerServices;

namespace TradingMon.Ring;

/// <summary>
/// Sequencer for exactly one publishing thread: a claim is plain arithmetic on producer-private fields,
/// a publish is one release store of the cursor. Use it whenever one thread owns the ring (a pinned
/// kernel reader); calling it from two threads corrupts the ring.
/// </summary>
public sealed class SingleProducerSequencer : Sequencer
{
    private ProducerState _p;

    public SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy) : base(bufferSize, waitStrategy)
    {
        _p.NextValue = Sequence.InitialValue;
        _p.CachedGating = Sequence.InitialValue;
    }

    public override long TryClaimFailures => Volatile.Read(ref _p.TryClaimFailures);
    public override long ClaimWaits => Volatile.Read(ref _p.ClaimWaits);

    /// <summary>Read from other threads only for monitoring; the producer owns the field.</summary>
    public override long Claimed => Volatile.Read(ref _p.NextValue);

    /// <summary>Claims the next <paramref name="n"/> slots, waiting while the ring is full; returns the highest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n = 1)
    {
        long next = _p.NextValue + n;
        // Fast path: the cached consumer position already proves the slots are free.
        if (RingMath.WrapPoint(next, BufferSize) > _p.CachedGating) WaitForCapacity(next);
        _p.NextValue = next;
        return next;
    }

    /// <summary>Claims <paramref name="n"/> slots only if they are free now; counts the refusal otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(int n, out long highest)
    {
        highest = _p.NextValue + n;
        if (RingMath.WrapPoint(highest, BufferSize) > _p.CachedGating && !RefreshCapacity(highest))
        {
            // Single writer: a release store is enough for monitoring threads to read the count.
            Volatile.Write(ref _p.TryClaimFailures, _p.TryClaimFailures + 1);
            return false;
        }
        _p.NextValue = highest;
        return true;
    }

    /// <summary>Makes every slot up to <paramref name="sequence"/> visible to consumers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        // Release: the slot writes before this store are visible to any consumer that reads the cursor.
        Cursor.SetValue(sequence);
        SignalConsumers();
    }

    public override long HighestPublished(long lowerBound, long availableSequence) => availableSequence;

    private bool RefreshCapacity(long next)
    {
        long min = RingMath.Minimum(GatingSequences, _p.NextValue);
        _p.CachedGating = min;
        return RingMath.WrapPoint(next, BufferSize) <= min;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long next)
    {
        if (RefreshCapacity(next)) return;
        Volatile.Write(ref _p.ClaimWaits, _p.ClaimWaits + 1);
        var spin = new SpinWait();
        while (!RefreshCapacity(next)) spin.SpinOnce(sleep1Threshold: -1);
    }
}
