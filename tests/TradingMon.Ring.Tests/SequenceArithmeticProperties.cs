using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TradingMon.Ring.Tests;

/// <summary>
/// Properties of the ring's sequence arithmetic over the whole 64-bit range, with extra weight on sequences
/// where the slot index wraps (lap boundaries) and where the 32-bit lap flag itself wraps.
/// </summary>
public class SequenceArithmeticProperties
{
    /// <summary>A ring size exponent and a non-negative sequence, half of them a few steps from a lap boundary.</summary>
    private static Arbitrary<(int Shift, long Sequence)> ShiftAndSequence()
    {
        var shift = Gen.Choose(0, 30);
        long[] interestingLaps = [0, 1, int.MaxValue, 1L << 31, uint.MaxValue, 1L << 32, (1L << 33) + 5];
        var nearBoundary =
            from k in shift
            from lap in Gen.Elements(interestingLaps)
            from delta in Gen.Choose(-3, 3)
            select (k, Math.Max(0, Math.Min(lap << k, long.MaxValue >> 1) + delta));
        var anywhere =
            from k in shift
            from high in Gen.Choose(0, int.MaxValue)
            from low in Gen.Choose(0, int.MaxValue)
            select (k, ((long)high << 31) | (long)low); // 0 .. 2^62
        return Gen.OneOf(nearBoundary, anywhere).ToArbitrary();
    }

    [Property(MaxTest = 2000)]
    public Property IndexIsTheSequenceModuloTheSize() => Prop.ForAll(ShiftAndSequence(), t =>
    {
        int size = 1 << t.Shift;
        int index = RingMath.IndexOf(t.Sequence, size - 1);
        return index >= 0 && index < size && index == t.Sequence % size;
    });

    [Property(MaxTest = 2000)]
    public Property OneLapLaterIsTheSameSlotWithTheNextLapFlag() => Prop.ForAll(ShiftAndSequence(), t =>
    {
        int size = 1 << t.Shift, mask = size - 1;
        long s = t.Sequence, later = s + size;
        // Same slot, and the availability flag moves on by exactly one (mod 2^32), so a reader never
        // mistakes the previous lap's publication for this one, even where the 32-bit lap wraps.
        return RingMath.IndexOf(later, mask) == RingMath.IndexOf(s, mask)
            && RingMath.LapOf(later, t.Shift) == unchecked(RingMath.LapOf(s, t.Shift) + 1);
    });

    [Property(MaxTest = 2000)]
    public Property ConsecutiveSequencesWithinARingUseDistinctSlots() => Prop.ForAll(ShiftAndSequence(), Gen.Choose(1, 1 << 10).ToArbitrary(), (t, count) =>
    {
        int size = 1 << t.Shift, n = Math.Min(count, size);
        var seen = new HashSet<int>();
        for (long s = t.Sequence; s < t.Sequence + n; s++) seen.Add(RingMath.IndexOf(s, size - 1));
        return seen.Count == n;
    });

    [Property(MaxTest = 2000)]
    public Property CapacityMatchesTheDistanceToTheSlowestConsumer() => Prop.ForAll(
        ShiftAndSequence(), Gen.Choose(0, 1 << 30).ToArbitrary(), Gen.Choose(1, 1 << 30).ToArbitrary(), (t, backlog, n) =>
    {
        int size = 1 << t.Shift;
        long consumed = t.Sequence - 1, claimed = consumed + Math.Min(backlog, size);
        long remaining = RingMath.RemainingCapacity(size, claimed, consumed);
        bool fits = RingMath.HasCapacity(claimed + n, size, consumed);
        return remaining == size - (claimed - consumed) && remaining >= 0 && remaining <= size && fits == (n <= remaining);
    });

    [Property]
    public Property PowerOfTwoSizesAndTheirShift() => Prop.ForAll(Gen.Choose(0, 30).ToArbitrary(), Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), (k, other) =>
        RingMath.IsPowerOfTwo(1 << k) && RingMath.Log2(1 << k) == k
        && RingMath.IsPowerOfTwo(other) == (other > 0 && (other & (other - 1)) == 0));
}
