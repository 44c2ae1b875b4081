using System.Runtime.CompilerServices;

namespace TradingMon.Ring;

/// <summary>
/// What a consumer waits on: the producers' cursor and, in a dependency graph, the sequences of the
/// consumers it must trail (B after A means B's barrier depends on A's sequence). It only ever reports
/// sequences that every dependency has finished and that are published.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly MultiProducerSequencer? _multi;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence[] _dependents;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, Sequence[] dependencies)
    {
        _sequencer = sequencer;
        _multi = sequencer as MultiProducerSequencer;
        _waitStrategy = sequencer.WaitStrategy;
        Cursor = sequencer.Cursor;
        // No dependency: trail the producers directly.
        _dependents = dependencies.Length == 0 ? [sequencer.Cursor] : [.. dependencies];
    }

    /// <summary>The producers' cursor (claimed, not necessarily published, with several producers).</summary>
    public Sequence Cursor { get; }

    /// <summary>Lowest sequence of the dependencies: every slot at or below it is finished upstream.</summary>
    public long DependentValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => RingMath.Minimum(_dependents, long.MaxValue);
    }

    public bool IsAlerted => _alerted;

    /// <summary>
    /// Waits until <paramref name="sequence"/> may be read. Returns the highest readable sequence
    /// (&gt;= <paramref name="sequence"/>: process the whole batch), <see cref="WaitResult.Alerted"/> when
    /// halted, <see cref="WaitResult.TimedOut"/> from a timeout strategy, or a smaller sequence when a
    /// producer claimed the slot but has not published it yet (wait again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        long available = _waitStrategy.WaitFor(sequence, this);
        if (available < sequence || _multi is null) return available;
        return _multi.HighestPublished(sequence, available);
    }

    /// <summary>Stops waiters: they return <see cref="WaitResult.Alerted"/>. Wakes parked ones.</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    public void ClearAlert() => _alerted = false;

    /// <summary>Highest sequence published so far that this barrier's consumer could reach.</summary>
    internal long HighestPublished(long consumed) => _sequencer.HighestPublished(consumed + 1, Cursor.Value);
}
