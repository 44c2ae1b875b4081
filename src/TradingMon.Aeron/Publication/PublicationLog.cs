using TradingMon.Aeron.Protocol;

namespace TradingMon.Aeron;

/// <summary>
/// The publication's log: the producer appends framed messages, the sender reads them out and
/// later re-reads them to serve NAKs. One ring of 2 × term-length bytes indexed by
/// <c>position mod capacity</c>; since frames never cross a term and the ring holds whole terms,
/// a frame never wraps. The producer stays within sender position + term-length/2 and NAKs are
/// served from sender position − term-length/2 − term-length/8 (max message), so those ranges
/// never meet in the ring.
/// Single producer: exactly one thread may call <see cref="Append"/>.
/// </summary>
internal sealed class PublicationLog
{
    private readonly byte[] _buffer;
    private readonly int _capacityMask;
    private long _producerPosition;

    public PublicationLog(int termLength, int mtu, int sessionId, int streamId, int initialTermId)
    {
        TermLength = termLength;
        PositionBitsToShift = LogBufferDescriptor.PositionBitsToShift(termLength);
        SessionId = sessionId;
        StreamId = streamId;
        InitialTermId = initialTermId;
        MaxPayloadLength = mtu - DataHeader.Length;
        MaxMessageLength = LogBufferDescriptor.MaxMessageLength(termLength);
        MaxPossiblePosition = (long)termLength << 31;
        _buffer = GC.AllocateArray<byte>(termLength * 2, pinned: true);
        _capacityMask = termLength * 2 - 1;
    }

    public int TermLength { get; }
    public int PositionBitsToShift { get; }
    public int SessionId { get; }
    public int StreamId { get; }
    public int InitialTermId { get; }
    public int MaxPayloadLength { get; }
    public int MaxMessageLength { get; }
    public long MaxPossiblePosition { get; }

    /// <summary>End of the last appended message. Acquire read: the frames below it are fully written.</summary>
    public long ProducerPosition => Volatile.Read(ref _producerPosition);

    public int TermOffset(long position) => LogBufferDescriptor.ComputeTermOffset(position, TermLength);

    public int TermId(long position) => LogBufferDescriptor.ComputeTermId(position, PositionBitsToShift, InitialTermId);

    public long Position(int termId, int termOffset) =>
        LogBufferDescriptor.ComputePosition(termId, termOffset, PositionBitsToShift, InitialTermId);

    /// <summary>The bytes at <paramref name="position"/>; the caller keeps <paramref name="length"/> inside one term.</summary>
    public Span<byte> Slice(long position, int length) => _buffer.AsSpan((int)(position & _capacityMask), length);

    /// <summary>
    /// Frames <paramref name="message"/> (fragmenting above mtu − 32, padding the term end when it
    /// does not fit) unless its end would pass <paramref name="limit"/>. Returns the new position,
    /// or <see cref="OfferResult.BackPressured"/> / <see cref="OfferResult.MaxPositionExceeded"/>.
    /// </summary>
    public long Append(ReadOnlySpan<byte> message, long limit)
    {
        long position = _producerPosition; // only this thread writes it
        int termOffset = TermOffset(position);
        int required = message.Length <= MaxPayloadLength
            ? LogBufferDescriptor.Align(message.Length + DataHeader.Length)
            : LogBufferDescriptor.ComputeFragmentedLength(message.Length, MaxPayloadLength);
        // A message never straddles terms: PAD the rest of this one and start the next (brief §3 rotation).
        int padLength = termOffset + required > TermLength ? TermLength - termOffset : 0;
        long end = position + padLength + required;
        if (end > MaxPossiblePosition) return OfferResult.MaxPositionExceeded;
        if (end > limit) return OfferResult.BackPressured;

        if (padLength > 0)
        {
            WriteHeader(position, padLength, DataHeader.UnfragmentedFlags, FrameType.Pad);
            position += padLength;
        }
        if (message.Length <= MaxPayloadLength)
        {
            WriteFrame(position, message, DataHeader.UnfragmentedFlags);
        }
        else
        {
            WriteFragments(position, message);
        }
        Volatile.Write(ref _producerPosition, end); // release: the sender reads nothing below this before it is written
        return end;
    }

    private void WriteFragments(long position, ReadOnlySpan<byte> message)
    {
        int remaining = message.Length;
        byte flags = DataHeader.BeginFlag;
        while (remaining > 0)
        {
            int payload = Math.Min(remaining, MaxPayloadLength);
            if (payload == remaining) flags |= DataHeader.EndFlag;
            position += WriteFrame(position, message.Slice(message.Length - remaining, payload), flags);
            remaining -= payload;
            flags = 0;
        }
    }

    /// <summary>Header + payload + zero padding to 32 bytes: the exact bytes that go on the wire (brief §1).</summary>
    private int WriteFrame(long position, ReadOnlySpan<byte> payload, byte flags)
    {
        int frameLength = DataHeader.Length + payload.Length;
        int aligned = LogBufferDescriptor.Align(frameLength);
        var frame = Slice(position, aligned);
        WriteHeader(position, frameLength, flags, FrameType.Data);
        payload.CopyTo(frame[DataHeader.Length..]);
        frame[frameLength..].Clear();
        return aligned;
    }

    private void WriteHeader(long position, int frameLength, byte flags, short type) =>
        new DataHeader(Slice(position, DataHeader.Length))
            .Write(frameLength, flags, type, TermOffset(position), SessionId, StreamId, TermId(position));
}
