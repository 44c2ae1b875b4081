using System.Numerics;
using System.Runtime.CompilerServices;

namespace TradingMon.Ring;

/// <summary>
/// Sequence arithmetic of a power-of-two ring. Sequences are 64-bit and never wrap in practice
/// (2^63 events at 1 G/s is 292 years); slot indices wrap through the mask.
/// </summary>
public static class RingMath
{
    /// <summary>Largest ring the sequencers accept: slot indices and availability flags stay in 32 bits.</summary>
    public const int MaxSize = 1 << 30;

    public static bool IsPowerOfTwo(int size) => size > 0 && BitOperations.IsPow2(size);

    /// <summary>log2 of a power of two: the shift that turns a sequence into its lap number.</summary>
    public static int Log2(int powerOfTwo) => BitOperations.Log2((uint)powerOfTwo);

    /// <summary>Slot of <paramref name="sequence"/>: the low bits, valid for every non-negative sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(long sequence, int mask) => (int)(sequence & mask);

    /// <summary>
    /// How many times the ring has wrapped when <paramref name="sequence"/> is written: the per-slot
    /// availability flag of the multi-producer sequencer. Consecutive laps of one slot differ, so a reader
    /// never mistakes last lap's publication for this one's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LapOf(long sequence, int indexShift) => (int)((ulong)sequence >> indexShift);

    /// <summary>
    /// The sequence a consumer must have passed before <paramref name="nextClaim"/> may be written:
    /// the slot's previous occupant, one ring length back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long WrapPoint(long nextClaim, int bufferSize) => nextClaim - bufferSize;

    /// <summary>True when claiming up to <paramref name="nextClaim"/> overwrites nothing a consumer still needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasCapacity(long nextClaim, int bufferSize, long minConsumed) => WrapPoint(nextClaim, bufferSize) <= minConsumed;

    /// <summary>
    /// Free slots when <paramref name="claimed"/> is the highest claimed and <paramref name="minConsumed"/> the
    /// slowest consumer. Never negative: a multi-producer cursor runs past the ring while claimers wait for room.
    /// </summary>
    public static long RemainingCapacity(int bufferSize, long claimed, long minConsumed) => Math.Max(0, bufferSize - (claimed - minConsumed));

    /// <summary>Lowest value of <paramref name="sequences"/>, or <paramref name="fallback"/> when there are none or it is lower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Minimum(Sequence[] sequences, long fallback)
    {
        long min = fallback;
        for (int i = 0; i < sequences.Length; i++)
        {
            long v = sequences[i].Value;
            if (v < min) min = v;
        }
        return min;
    }
}
