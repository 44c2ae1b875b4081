using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingMon.Ring;

/// <summary>
/// A 64-bit sequence counter alone on its own pair of cache lines: the producer cursor, each consumer's
/// progress and the gating cache are written by one thread and read by others, so sharing a line with any
/// other hot field would turn every write into a cross-core invalidation (false sharing).
/// </summary>
/// <remarks>
/// <see cref="PaddingBytes"/> bytes sit on each side of the value, so the 128-byte block the adjacent-line
/// prefetcher pulls in together holds nothing else that is written.
/// Memory ordering: <see cref="Value"/> is an acquire load, <see cref="SetValue"/> a release store (every
/// slot write before it is visible to a thread that reads the new value), <see cref="SetValueVolatile"/>
/// adds the store/load fence a Dekker-style handshake needs.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = PaddingBytes * 2 + sizeof(long))]
public sealed class Sequence
{
    /// <summary>Every sequence starts here: nothing claimed, nothing published, nothing consumed.</summary>
    public const long InitialValue = -1;
    internal const int PaddingBytes = 120;

    [FieldOffset(PaddingBytes)]
    private long _value;

    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    /// <summary>Acquire load: reads after this one see every write published before the value was stored.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _value);
    }

    /// <summary>Release store (store/store barrier): earlier writes, e.g. to the slot, are visible before the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue(long value) => Volatile.Write(ref _value, value);

    /// <summary>Release store followed by a full fence (store/load): later loads are not hoisted above it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValueVolatile(long value) => Interlocked.Exchange(ref _value, value);

    /// <summary>Atomic compare-and-swap (full fence).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    /// <summary>Atomic add (full fence); returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long delta) => Interlocked.Add(ref _value, delta);

    public override string ToString() => Value.ToString();
}
