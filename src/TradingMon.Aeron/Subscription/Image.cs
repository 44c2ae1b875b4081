using TradingMon.Aeron.Protocol;

namespace TradingMon.Aeron;

/// <summary>
/// One publisher session as the subscription rebuilds it (the driver's <c>aeron_publication_image</c>
/// plus the client's fragment assembler): places received frames by term id and offset, finds
/// gaps and NAKs them, delivers whole messages in order exactly once, and sends status messages.
/// The term buffer is one term long and indexed by <c>position mod term-length</c>: the image only
/// accepts positions in [consumed, consumed + term-length/2], so no two live positions share a slot.
/// </summary>
internal sealed class Image
{
    public const long StatusIntervalNs = 200_000_000;   // aeron.rcv.status.message.timeout
    public const long NakDelayNs = 100_000;              // aeron.nak.unicast.delay
    public const long NakRetryNs = 10_000_000;           // delay x aeron.nak.unicast.retry.delay.ratio (100)
    public const long LivenessTimeoutNs = 10_000_000_000; // aeron.image.liveness.timeout

    private readonly byte[] _term;
    private readonly BlockBitmap _received;
    private readonly SubscriptionCounters _counters;
    private readonly int _termMask;
    private readonly int _positionBitsToShift;
    private readonly int _maxMessageLength;
    private byte[] _assembly = new byte[4096];
    private int _assemblyLength = -1; // -1: not inside a fragmented message
    private int _assemblyTermId, _assemblyTermOffset;

    private long _consumed;        // next position to deliver; every frame below it has been handed over
    private long _rebuild;         // everything in [consumed, rebuild) has arrived
    private long _highWaterMark;   // furthest position a frame or heartbeat has shown
    private long _eosPosition = long.MaxValue;
    private long _lastStatusPosition;
    private long _lastStatusNs;
    private long _lastPacketNs;
    private long _gapPosition = -1;
    private long _nakDueNs;

    public Image(int sessionId, int streamId, int initialTermId, int activeTermId, int termOffset, int termLength, int mtu,
        int receiverWindow, long receiverId, SocketAddress4 source, SubscriptionCounters counters, long nowNs)
    {
        SessionId = sessionId;
        StreamId = streamId;
        InitialTermId = initialTermId;
        TermLength = termLength;
        Mtu = mtu;
        ReceiverWindow = receiverWindow;
        ReceiverId = receiverId;
        Source = source;
        _counters = counters;
        _termMask = termLength - 1;
        _positionBitsToShift = LogBufferDescriptor.PositionBitsToShift(termLength);
        _maxMessageLength = LogBufferDescriptor.MaxMessageLength(termLength);
        _term = GC.AllocateUninitializedArray<byte>(termLength);
        _received = new BlockBitmap(termLength / LogBufferDescriptor.FrameAlignment);
        JoinPosition = LogBufferDescriptor.ComputePosition(activeTermId, termOffset, _positionBitsToShift, initialTermId);
        _consumed = _rebuild = _highWaterMark = _lastStatusPosition = JoinPosition;
        _lastStatusNs = long.MinValue / 2; // first SM goes out at once (brief §12, subscriber step 2)
        _lastPacketNs = nowNs;
    }

    public int SessionId { get; }
    public int StreamId { get; }
    public int InitialTermId { get; }
    public int TermLength { get; }
    public int Mtu { get; }
    public int ReceiverWindow { get; }
    public long ReceiverId { get; }
    public SocketAddress4 Source { get; }
    public long JoinPosition { get; }
    public long Position => _consumed;

    /// <summary>The publisher signalled end of stream and everything up to it has been delivered.</summary>
    public bool IsEndOfStream => _consumed >= _eosPosition;

    public bool IsTimedOut(long nowNs) => nowNs - _lastPacketNs > LivenessTimeoutNs;

    public ImageInfo ToInfo() => new(SessionId, StreamId, InitialTermId, TermLength, Mtu, Source.ToString(),
        JoinPosition, _consumed, _highWaterMark);

    private int Slot(long position) => (int)(position & _termMask);

    private static int Block(int slot) => slot / LogBufferDescriptor.FrameAlignment;

    /// <summary>A SETUP for this session arrived again: still alive, and the sender wants an SM.</summary>
    public void OnSetup(long nowNs)
    {
        _lastPacketNs = nowNs;
        _lastStatusNs = long.MinValue / 2;
    }

    /// <summary>Heartbeat: liveness, and the sender's position becomes the high-water mark (brief §2.1, §7).</summary>
    public void OnHeartbeat(int termId, int termOffset, bool endOfStream, long nowNs)
    {
        long position = LogBufferDescriptor.ComputePosition(termId, termOffset, _positionBitsToShift, InitialTermId);
        if (termOffset >= TermLength || position < _consumed) { _counters.UnderRunDropped.Increment(); return; }
        if (position > _consumed + TermLength / 2) { _counters.OverRunDropped.Increment(); return; }
        _counters.HeartbeatsReceived.Increment();
        _lastPacketNs = nowNs;
        _highWaterMark = Math.Max(_highWaterMark, position);
        if (endOfStream) _eosPosition = Math.Max(position, _consumed);
    }

    /// <summary>
    /// Places a validated DATA datagram (one or more contiguous frames, maybe a final PAD header)
    /// frame by frame into free blocks; already-received frames are duplicates and skipped
    /// (<c>aeron_term_rebuilder_insert</c>, plus the under/over-run guards of brief §6).
    /// </summary>
    public void OnData(ReadOnlySpan<byte> datagram, int termId, int termOffset, long nowNs)
    {
        long position = LogBufferDescriptor.ComputePosition(termId, termOffset, _positionBitsToShift, InitialTermId);
        if (termOffset + datagram.Length > TermLength) { _counters.InconsistentDropped.Increment(); return; }
        if (position < _consumed) { _counters.UnderRunDropped.Increment(); return; }
        if (position + datagram.Length > _consumed + TermLength / 2) { _counters.OverRunDropped.Increment(); return; }
        _lastPacketNs = nowNs;

        int offset = 0;
        while (offset < datagram.Length)
        {
            var frame = datagram[offset..];
            int frameLength = FrameHeader.ReadFrameLength(frame);
            bool isPad = FrameHeader.ReadType(frame) == FrameType.Pad;
            // Only the PAD header travels; its frame_length must reach exactly to the term end (brief §2.1).
            if (isPad && termOffset + offset + frameLength != TermLength) { _counters.InconsistentDropped.Increment(); return; }
            int onWire = isPad ? DataHeader.Length : LogBufferDescriptor.Align(frameLength);
            PlaceFrame(frame[..onWire], position + offset, isPad ? frameLength : onWire);
            offset += onWire;
        }
    }

    private void PlaceFrame(ReadOnlySpan<byte> frame, long position, int extent)
    {
        int slot = Slot(position);
        int blocks = frame.Length / LogBufferDescriptor.FrameAlignment;
        if (!_received.IsRangeClear(Block(slot), blocks))
        {
            AdvanceRebuild();
            bool startsTheGap = position == _rebuild && !_received.IsSet(Block(slot));
            if (!startsTheGap)
            {
                _counters.DuplicatesDropped.Increment();
                return;
            }
            // Frames are contiguous from the rebuild position, so whatever sits inside the range of the
            // frame that starts the gap did not come from this stream's sender: evict it.
            _counters.InconsistentDropped.Increment();
            _received.ClearRange(Block(slot), blocks);
        }
        frame.CopyTo(_term.AsSpan(slot));
        _received.SetRange(Block(slot), blocks);
        _highWaterMark = Math.Max(_highWaterMark, position + extent);
        _counters.FragmentsReceived.Increment();
    }

    /// <summary>
    /// Hands complete messages to <paramref name="handler"/> in stream order, at most
    /// <paramref name="messageLimit"/>; reassembles BEGIN..END fragments; jumps PADs to the term end.
    /// A frame is released (its blocks freed) only after the handler returned, so a throwing handler
    /// sees the same message again on the next poll rather than losing it.
    /// </summary>
    public int Deliver(MessageHandler handler, int messageLimit)
    {
        int delivered = 0;
        while (delivered < messageLimit && _consumed < _eosPosition)
        {
            int slot = Slot(_consumed);
            if (!_received.IsSet(Block(slot))) break;
            var header = new DataHeader(_term.AsSpan(slot, DataHeader.Length));
            int frameLength = header.FrameLength;
            if (header.Type == FrameType.Pad)
            {
                Release(slot, frameLength, frameLength); // PAD: skip to the end of the term
                continue;
            }
            int aligned = LogBufferDescriptor.Align(frameLength);
            var payload = _term.AsSpan(slot + DataHeader.Length, frameLength - DataHeader.Length);
            if (OnFragment(handler, payload, header, _consumed + aligned)) delivered++;
            Release(slot, aligned, aligned);
        }
        return delivered;
    }

    private bool OnFragment(MessageHandler handler, ReadOnlySpan<byte> payload, DataHeader header, long endPosition)
    {
        byte flags = header.Flags;
        if ((flags & DataHeader.UnfragmentedFlags) == DataHeader.UnfragmentedFlags)
        {
            _assemblyLength = -1;
            var messageHeader = new MessageHeader(SessionId, StreamId, header.TermId, header.TermOffset, endPosition, header.ReservedValue);
            handler(payload, in messageHeader);
            _counters.MessagesDelivered.Increment();
            return true;
        }
        if ((flags & DataHeader.BeginFlag) != 0)
        {
            _assemblyLength = 0;
            _assemblyTermId = header.TermId;
            _assemblyTermOffset = header.TermOffset;
        }
        else if (_assemblyLength < 0)
        {
            _counters.FragmentsWithoutBegin.Increment(); // joined mid-message, or its BEGIN was refused
            return false;
        }
        if (!Append(payload)) return false;
        if ((flags & DataHeader.EndFlag) == 0) return false;

        var assembled = new MessageHeader(SessionId, StreamId, _assemblyTermId, _assemblyTermOffset, endPosition, header.ReservedValue);
        int length = _assemblyLength;
        _assemblyLength = -1;
        handler(_assembly.AsSpan(0, length), in assembled);
        _counters.MessagesDelivered.Increment();
        return true;
    }

    private bool Append(ReadOnlySpan<byte> payload)
    {
        int needed = _assemblyLength + payload.Length;
        if (needed > _maxMessageLength)
        {
            _counters.InconsistentDropped.Increment();
            _assemblyLength = -1;
            return false;
        }
        if (needed > _assembly.Length) Array.Resize(ref _assembly, Math.Min(_maxMessageLength, Math.Max(needed, _assembly.Length * 2)));
        payload.CopyTo(_assembly.AsSpan(_assemblyLength));
        _assemblyLength = needed;
        return true;
    }

    private void Release(int slot, int bytes, int advance)
    {
        _received.ClearRange(Block(slot), bytes / LogBufferDescriptor.FrameAlignment);
        _consumed += advance;
    }

    /// <summary>
    /// Loss detection: the first hole in [consumed, high-water mark) is NAKed after 100 µs and
    /// again every 10 ms while it stays (<c>aeron_loss_detector</c>, brief §8). Writes the NAK into
    /// <paramref name="nak"/> and returns its length, or 0 when nothing is due.
    /// </summary>
    public int PrepareNak(Span<byte> nak, long nowNs)
    {
        AdvanceRebuild();
        if (_rebuild >= _highWaterMark)
        {
            _gapPosition = -1;
            return 0;
        }
        long gapStart = _rebuild;
        if (gapStart != _gapPosition)
        {
            _gapPosition = gapStart;
            _nakDueNs = nowNs + NakDelayNs;
            _counters.GapsDetected.Increment();
        }
        if (nowNs < _nakDueNs) return 0;
        _nakDueNs = nowNs + NakRetryNs;

        int slot = Slot(gapStart);
        int maxLength = (int)Math.Min(_highWaterMark - gapStart, TermLength - slot); // a NAK never crosses a term
        int startBlock = Block(slot);
        int endBlock = _received.NextSet(startBlock, startBlock + (maxLength + LogBufferDescriptor.FrameAlignment - 1) / LogBufferDescriptor.FrameAlignment);
        int gapLength = Math.Min(maxLength, (endBlock - startBlock) * LogBufferDescriptor.FrameAlignment);
        int termId = LogBufferDescriptor.ComputeTermId(gapStart, _positionBitsToShift, InitialTermId);
        new NakHeader(nak).Write(SessionId, StreamId, termId, slot, gapLength);
        return NakHeader.Length;
    }

    /// <summary>Walks the frames that have arrived contiguously after the rebuild position; PAD jumps to the term end.</summary>
    private void AdvanceRebuild()
    {
        if (_rebuild < _consumed) _rebuild = _consumed;
        while (_rebuild < _highWaterMark)
        {
            int slot = Slot(_rebuild);
            if (!_received.IsSet(Block(slot))) return;
            var header = new DataHeader(_term.AsSpan(slot, DataHeader.Length));
            _rebuild += header.Type == FrameType.Pad ? header.FrameLength : LogBufferDescriptor.Align(header.FrameLength);
        }
    }

    /// <summary>
    /// SM with the consumed position every 200 ms, or at once when consumption moved a quarter
    /// window (brief §6). Writes it into <paramref name="sm"/>; returns its length or 0.
    /// </summary>
    public int PrepareStatusMessage(Span<byte> sm, long nowNs, byte flags = 0)
    {
        bool due = nowNs - _lastStatusNs >= StatusIntervalNs || _consumed - _lastStatusPosition >= ReceiverWindow / 4;
        if (!due && flags == 0) return 0;
        int termId = LogBufferDescriptor.ComputeTermId(_consumed, _positionBitsToShift, InitialTermId);
        new StatusMessageHeader(sm).Write(flags, SessionId, StreamId, termId, Slot(_consumed), ReceiverWindow, ReceiverId);
        _lastStatusNs = nowNs;
        _lastStatusPosition = _consumed;
        return StatusMessageHeader.Length;
    }
}
