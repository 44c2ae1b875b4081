using System.Runtime.InteropServices;

namespace TradingMon.Ring;

/// <summary>
/// Fields only the producing thread writes, padded off every other object's cache lines so consumers
/// reading the sequencer's read-only fields never contend with them.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Sequence.PaddingBytes * 2 + 4 * sizeof(long))]
internal struct ProducerState
{
    /// <summary>Single producer: the highest claimed sequence (the cursor trails it until publish).</summary>
    [FieldOffset(Sequence.PaddingBytes)] public long NextValue;
    /// <summary>Last seen minimum of the gating sequences: re-read only when a claim would pass it.</summary>
    [FieldOffset(Sequence.PaddingBytes + 8)] public long CachedGating;
    [FieldOffset(Sequence.PaddingBytes + 16)] public long TryClaimFailures;
    [FieldOffset(Sequence.PaddingBytes + 24)] public long ClaimWaits;
}
