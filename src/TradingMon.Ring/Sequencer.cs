using System.Runtime.CompilerServices;

namespace TradingMon.Ring;

/// <summary>
/// Hands out ring sequences to producers and keeps them from lapping the slowest consumer (gating).
/// The two implementations differ only in how a claim is made and how publication is made visible.
/// </summary>
/// <remarks>
/// Gating sequences are set up before the first publish (adding a consumer to a live ring would let it
/// miss or re-read events). The array is replaced, never mutated, so the producer reads it without a lock.
/// </remarks>
public abstract class Sequencer
{
    private Sequence[] _gatingSequences = [];
    private protected readonly bool SignalOnPublish;

    private protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        if (!RingMath.IsPowerOfTwo(bufferSize) || bufferSize > RingMath.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(bufferSize),
                $"ring size must be a power of two between 1 and {RingMath.MaxSize} (e.g. 65536); got {bufferSize}");
        BufferSize = bufferSize;
        WaitStrategy = waitStrategy ?? throw new ArgumentNullException(nameof(waitStrategy));
        SignalOnPublish = waitStrategy.IsBlocking;
    }

    public int BufferSize { get; }

    /// <summary>
    /// Single producer: the highest published sequence. Multi producer: the highest claimed sequence
    /// (publication is tracked per slot, see <see cref="HighestPublished"/>).
    /// </summary>
    public Sequence Cursor { get; } = new();

    public IWaitStrategy WaitStrategy { get; }

    /// <summary>Try-claims refused because the ring was full (consumers lagging). Each one is a dropped event upstream.</summary>
    public abstract long TryClaimFailures { get; }

    /// <summary>Blocking claims that had to wait for a consumer: back-pressure made visible.</summary>
    public abstract long ClaimWaits { get; }

    /// <summary>Highest sequence h such that every sequence in [<paramref name="lowerBound"/>, h] is published.</summary>
    public abstract long HighestPublished(long lowerBound, long availableSequence);

    internal Sequence[] GatingSequences
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _gatingSequences);
    }

    /// <summary>The slowest gating consumer, or the cursor when there is none.</summary>
    public long MinimumGatingSequence() => RingMath.Minimum(GatingSequences, Cursor.Value);

    /// <summary>Highest sequence claimed by a producer (published or not).</summary>
    public abstract long Claimed { get; }

    /// <summary>Free slots for a producer right now: claimed-but-unpublished slots count as taken.</summary>
    public long RemainingCapacity() => RingMath.RemainingCapacity(BufferSize, Claimed, MinimumGatingSequence());

    /// <summary>Makes producers wait for these consumers (normally the last stage of the consumer graph).</summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        Sequence[] current, updated;
        do
        {
            current = GatingSequences;
            updated = [.. current, .. sequences];
            // A consumer added now starts at the cursor: it gates from here on, never on slots already reused.
            foreach (var s in sequences) s.SetValue(Cursor.Value);
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
    }

    public bool RemoveGatingSequence(Sequence sequence)
    {
        Sequence[] current, updated;
        do
        {
            current = GatingSequences;
            if (Array.IndexOf(current, sequence) < 0) return false;
            updated = Array.FindAll(current, s => s != sequence);
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
        return true;
    }

    /// <summary>A barrier for a consumer that must trail <paramref name="dependencies"/> (or the producers when empty).</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependencies) => new(this, dependencies);

    /// <summary>Wakes consumers parked in a blocking wait strategy; free for spinning strategies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void SignalConsumers()
    {
        if (SignalOnPublish) WaitStrategy.SignalAllWhenBlocking();
    }
}
