using System.Numerics;
using System.Runtime.CompilerServices;

namespace TradingMon.Aeron.Protocol;

/// <summary>
/// Term and position arithmetic (brief §3, C <c>aeron_logbuffer_descriptor.h</c>). Term ids wrap:
/// <c>term_count = term_id - initial_term_id</c> is a 32-bit wrapping subtraction, so ids may start
/// anywhere, including close to int.MinValue as in the captures.
/// </summary>
public static class LogBufferDescriptor
{
    public const int FrameAlignment = 32;
    public const int TermMinLength = 64 * 1024;
    public const int TermMaxLength = 1024 * 1024 * 1024;
    /// <summary>Largest UDP payload Aeron sends (<c>AERON_MAX_UDP_PAYLOAD_LENGTH</c>).</summary>
    public const int MaxUdpPayloadLength = 65504;
    public const int DefaultMtu = 1408;
    public const int DefaultTermLength = 16 * 1024 * 1024;
    /// <summary>Receiver window ceiling: <c>aeron.rcv.initial.window.length</c> (brief §6).</summary>
    public const int DefaultReceiverWindow = 128 * 1024;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Align(int length) => (length + FrameAlignment - 1) & ~(FrameAlignment - 1);

    public static int PositionBitsToShift(int termLength) => BitOperations.TrailingZeroCount(termLength);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ComputePosition(int termId, int termOffset, int positionBitsToShift, int initialTermId)
    {
        long termCount = unchecked(termId - initialTermId); // wrapping int subtraction, then widened
        return (termCount << positionBitsToShift) + termOffset;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ComputeTermId(long position, int positionBitsToShift, int initialTermId) =>
        unchecked(initialTermId + (int)(position >> positionBitsToShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ComputeTermOffset(long position, int termLength) => (int)(position & (termLength - 1));

    /// <summary>Receiver window: min(128 KiB, term_length / 2) (<c>aeron_receiver_window_length</c>).</summary>
    public static int ReceiverWindow(int termLength, int configured = DefaultReceiverWindow) =>
        Math.Min(configured, termLength / 2);

    /// <summary>Largest message a publication takes: min(term_length / 8, 16 MiB) (brief §4).</summary>
    public static int MaxMessageLength(int termLength) => Math.Min(termLength / 8, 16 * 1024 * 1024);

    public static bool IsValidTermLength(int termLength) =>
        termLength >= TermMinLength && termLength <= TermMaxLength && BitOperations.IsPow2(termLength);

    /// <summary>Receiver rule for a sender's MTU: ≥ 32, ≤ 65504, a multiple of 32 (brief §2.2).</summary>
    public static bool IsValidMtu(int mtu) =>
        mtu >= DataHeader.Length && mtu <= MaxUdpPayloadLength && mtu % FrameAlignment == 0;

    /// <summary>
    /// Bytes a message of <paramref name="length"/> takes in the term once fragmented at
    /// <paramref name="maxPayload"/> and each fragment framed and aligned
    /// (<c>aeron_logbuffer_compute_fragmented_length</c>).
    /// </summary>
    public static int ComputeFragmentedLength(int length, int maxPayload)
    {
        int fullFragments = length / maxPayload;
        int lastPayload = length - fullFragments * maxPayload;
        int lastFrame = lastPayload > 0 ? Align(lastPayload + DataHeader.Length) : 0;
        return fullFragments * (maxPayload + DataHeader.Length) + lastFrame;
    }
}
