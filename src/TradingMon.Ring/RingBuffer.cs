using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingMon.Ring;

/// <summary>
/// A pre-allocated, power-of-two ring of struct slots. Producers claim a sequence, fill the slot in place
/// through <see cref="this[long]"/> (a <c>ref T</c>: no copy, no allocation) and publish it; consumers read
/// it by reference from a <see cref="BatchEventProcessor{T,THandler}"/>.
/// </summary>
/// <remarks>
/// Slots are reused lap after lap: a producer never writes a slot until every gating consumer has passed
/// its previous occupant. The slot array has a cache line pair of padding at each end so the first and last
/// slots never share a line with another object.
/// </remarks>
public sealed class RingBuffer<T> where T : struct
{
    private static readonly int Padding = (2 * 64 + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();

    private readonly T[] _slots;
    private readonly int _mask;
    // Exactly one of the two is set; testing a readonly field is a perfectly predicted branch,
    // cheaper than a virtual call, and lets the JIT inline either sequencer's claim and publish.
    private readonly SingleProducerSequencer? _single;
    private readonly MultiProducerSequencer? _multi;

    public RingBuffer(ProducerType producerType, int size, IWaitStrategy waitStrategy)
    {
        Sequencer = producerType == ProducerType.Single
            ? _single = new SingleProducerSequencer(size, waitStrategy)
            : _multi = new MultiProducerSequencer(size, waitStrategy);
        ProducerType = producerType;
        _mask = size - 1;
        _slots = new T[size + 2 * Padding];
    }

    /// <summary>A ring with the default (blocking) wait strategy.</summary>
    public RingBuffer(ProducerType producerType, int size) : this(producerType, size, WaitStrategies.Create(WaitStrategies.Default)) { }

    public Sequencer Sequencer { get; }
    public ProducerType ProducerType { get; }
    public int Size => _mask + 1;

    /// <summary>The slot of <paramref name="sequence"/>, by reference: write it between claim and publish, read it in a handler.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), Padding + RingMath.IndexOf(sequence, _mask));
    }

    /// <summary>Slot 0 by reference and the index mask, for a consumer's batch loop to hold in registers.</summary>
    internal ref T FirstSlot => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), Padding);
    internal int Mask => _mask;

    /// <summary>Claims one slot, waiting (spin, then yield/sleep) while the ring is full. Returns its sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Claim() => _single is { } s ? s.Next() : _multi!.Next();

    /// <summary>Claims <paramref name="n"/> consecutive slots, waiting while full. Returns the highest; the lowest is highest - n + 1.</summary>
    public long Claim(int n)
    {
        CheckBatch(n);
        return _single is { } s ? s.Next(n) : _multi!.Next(n);
    }

    /// <summary>Claims one slot if one is free now. Fails fast (and counts it) when consumers lag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryClaim(out long sequence) => _single is { } s ? s.TryNext(1, out sequence) : _multi!.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> consecutive slots if all are free now; <paramref name="highest"/> is the last.</summary>
    public bool TryClaim(int n, out long highest)
    {
        CheckBatch(n);
        return _single is { } s ? s.TryNext(n, out highest) : _multi!.TryNext(n, out highest);
    }

    /// <summary>Publishes one claimed slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        if (_single is { } s) s.Publish(sequence);
        else _multi!.Publish(sequence);
    }

    /// <summary>Publishes the claimed range [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public void Publish(long low, long high)
    {
        if (_single is { } s) s.Publish(high);
        else _multi!.Publish(low, high);
    }

    /// <summary>Try-claim, copy <paramref name="value"/> into the slot, publish. False (counted) when full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPublish(in T value)
    {
        if (!TryClaim(out long sequence)) return false;
        this[sequence] = value;
        Publish(sequence);
        return true;
    }

    /// <summary>Makes producers wait for these consumers' sequences.</summary>
    public void AddGatingSequences(params Sequence[] sequences) => Sequencer.AddGatingSequences(sequences);

    /// <summary>A barrier for a consumer that trails <paramref name="dependencies"/> (none: trails the producers).</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependencies) => Sequencer.NewBarrier(dependencies);

    /// <summary>Highest sequence whose slot and all before it are published.</summary>
    public long HighestPublished => PublishedAbove(Sequencer.MinimumGatingSequence());

    /// <summary>
    /// Everything up to the slowest consumer is published (it was read), so the search starts there.
    /// Without consumers, everything more than one ring behind the cursor is: its slot was claimed again.
    /// </summary>
    private long PublishedAbove(long minConsumed)
    {
        long cursor = Sequencer.Cursor.Value;
        long lowerBound = Sequencer.GatingSequences.Length > 0 ? minConsumed + 1 : Math.Max(0, cursor - Size + 1);
        return Sequencer.HighestPublished(lowerBound, cursor);
    }

    /// <summary>A consistent-enough snapshot for a monitor of the monitor (each field is read atomically).</summary>
    public RingCounters Counters()
    {
        long consumed = Sequencer.MinimumGatingSequence();
        long published = PublishedAbove(consumed);
        return new RingCounters(
            Published: published + 1,
            Consumed: consumed + 1,
            TryClaimFailures: Sequencer.TryClaimFailures,
            ClaimWaits: Sequencer.ClaimWaits,
            RemainingCapacity: Sequencer.RemainingCapacity(),
            Size: Size);
    }

    private void CheckBatch(int n)
    {
        if (n < 1 || n > Size)
            throw new ArgumentOutOfRangeException(nameof(n), $"a batch claim must take between 1 and the ring size ({Size}) slots");
    }
}
