using TradingMon.Aeron.Protocol;

namespace TradingMon.Aeron;

/// <summary>
/// The sender half of a publication (the driver's <c>aeron_network_publication</c>): sends SETUP
/// until a receiver answers, then DATA batched up to the MTU within the flow-control limit,
/// heartbeats when idle, resends for NAKs, and tracks the receiver's liveness. Exactly one thread
/// runs it at a time: the dedicated sender thread, or the offering thread in caller-driven mode.
/// </summary>
internal sealed class NetworkSender
{
    public const long SetupIntervalNs = 100_000_000;       // PUBLICATION_SETUP_TIMEOUT_NS
    public const long HeartbeatIntervalNs = 100_000_000;   // PUBLICATION_HEARTBEAT_TIMEOUT_NS
    public const long ReceiverTimeoutNs = 5_000_000_000;   // aeron.publication.connection.timeout
    private const int MaxControlFramesPerWork = 32;
    private const int ControlBufferLength = 2048;           // largest control frame: ERR, 40 + 1023

    private readonly PublicationLog _log;
    private readonly UdpTransport _transport;
    private readonly SocketAddress4 _destination;
    private readonly PublicationCounters _counters;
    private readonly Action<string> _logMessage;
    private readonly RetransmitHandler _retransmits = new();
    private readonly int _mtu;
    private readonly byte[] _controlIn = GC.AllocateArray<byte>(ControlBufferLength, pinned: true);
    private readonly byte[] _controlOut = GC.AllocateArray<byte>(SetupHeader.Length, pinned: true);

    private long _senderPosition;
    private long _senderLimit;
    private long _lastSendNs;
    private long _lastSetupNs = long.MinValue / 2;
    private long _lastStatusMessageNs;
    private long _receiverId;
    private bool _hasInitialConnection;
    private bool _setupElicited;
    private bool _isConnected;
    private bool _isEndOfStream;

    public NetworkSender(PublicationLog log, UdpTransport transport, SocketAddress4 destination, int mtu,
        PublicationCounters counters, Action<string> logMessage)
    {
        _log = log;
        _transport = transport;
        _destination = destination;
        _mtu = mtu;
        _counters = counters;
        _logMessage = logMessage;
    }

    /// <summary>Everything below this has been sent at least once. Release-written, read by the producer for its limit.</summary>
    public long SenderPosition => Volatile.Read(ref _senderPosition);

    /// <summary>A receiver's SMs are arriving. Read by the producer to refuse offers with NOT_CONNECTED.</summary>
    public bool IsConnected => Volatile.Read(ref _isConnected);

    /// <summary>One duty cycle: control frames in, SETUP, data out, heartbeat, liveness. Returns the work done (0 = idle).</summary>
    public int DoWork(long nowNs)
    {
        int work = PollControl(nowNs);
        work += SendSetupIfDue(nowNs);
        work += SendData(nowNs);
        work += SendHeartbeatIfIdle(nowNs);
        CheckReceiverLiveness(nowNs);
        return work;
    }

    /// <summary>From now on heartbeats carry EOS (0xE0); the first goes out at once once all data is sent.</summary>
    public void SignalEndOfStream()
    {
        _isEndOfStream = true;
        _lastSendNs = long.MinValue / 2;
    }

    /// <summary>Sends the log from the sender position up to min(producer position, SM limit), up to MTU per datagram.</summary>
    public int SendData(long nowNs)
    {
        if (!_hasInitialConnection) return 0; // no data before the first SM (brief §5.1)
        long available = Math.Min(_log.ProducerPosition, _senderLimit);
        int datagrams = 0;
        while (_senderPosition < available)
        {
            int length = ScanBatch(_senderPosition, available, out long advance);
            if (length == 0) break;
            if (!Send(_log.Slice(_senderPosition, length))) break;
            _counters.DataDatagramsSent.Increment();
            _counters.BytesSent.Add(length);
            Volatile.Write(ref _senderPosition, _senderPosition + advance);
            _lastSendNs = nowNs;
            datagrams++;
        }
        return datagrams;
    }

    /// <summary>
    /// How many bytes from <paramref name="from"/> form the next datagram: whole frames, up to the
    /// MTU, not past <paramref name="end"/> nor the term end, ending at a PAD, whose 32-byte header is all that goes
    /// (<c>aeron_term_scanner_scan_for_availability</c>). <paramref name="advance"/> is how far the
    /// position moves, which for a PAD is the rest of the term.
    /// </summary>
    private int ScanBatch(long from, long end, out long advance)
    {
        end = Math.Min(end, from - _log.TermOffset(from) + _log.TermLength); // one datagram never spans two terms
        int length = 0;
        advance = 0;
        while (length < _mtu && from + advance < end)
        {
            var header = new DataHeader(_log.Slice(from + advance, DataHeader.Length));
            int frameLength = header.FrameLength;
            if (header.Type == FrameType.Pad)
            {
                if (length + DataHeader.Length > _mtu) break;
                length += DataHeader.Length;
                advance += frameLength;
                break;
            }
            int aligned = LogBufferDescriptor.Align(frameLength);
            if (length + aligned > _mtu || from + advance + aligned > end) break;
            length += aligned;
            advance += aligned;
        }
        return length;
    }

    private int SendSetupIfDue(long nowNs)
    {
        bool wanted = !_hasInitialConnection || _setupElicited;
        if (!wanted || nowNs - _lastSetupNs < SetupIntervalNs) return 0;
        long position = _senderPosition;
        new SetupHeader(_controlOut).Write(_log.TermOffset(position), _log.SessionId, _log.StreamId,
            _log.InitialTermId, _log.TermId(position), _log.TermLength, _mtu);
        _lastSetupNs = nowNs;
        if (Send(_controlOut.AsSpan(0, SetupHeader.Length))) _counters.SetupsSent.Increment();
        return 1;
    }

    /// <summary>Heartbeat at the sender position after 100 ms without DATA: lets the receiver see a lost tail (brief §7).</summary>
    private int SendHeartbeatIfIdle(long nowNs)
    {
        if (!_hasInitialConnection || nowNs - _lastSendNs < HeartbeatIntervalNs) return 0;
        bool eos = _isEndOfStream && _senderPosition == _log.ProducerPosition;
        long position = _senderPosition;
        new DataHeader(_controlOut).Write(0, eos ? DataHeader.EosHeartbeatFlags : DataHeader.UnfragmentedFlags,
            FrameType.Data, _log.TermOffset(position), _log.SessionId, _log.StreamId, _log.TermId(position));
        _lastSendNs = nowNs;
        if (Send(_controlOut.AsSpan(0, DataHeader.Length)))
            (eos ? _counters.EosHeartbeatsSent : _counters.HeartbeatsSent).Increment();
        return 1;
    }

    private void CheckReceiverLiveness(long nowNs)
    {
        if (_isConnected && nowNs - _lastStatusMessageNs > ReceiverTimeoutNs)
        {
            _counters.ReceiverTimeouts.Increment();
            Disconnect($"no status message for {ReceiverTimeoutNs / 1_000_000_000} s");
        }
    }

    private int PollControl(long nowNs)
    {
        int frames = 0;
        while (frames < MaxControlFramesPerWork)
        {
            int length = _transport.TryReceive(_controlIn, out var source);
            if (length == 0) break;
            frames++;
            if (length < 0) { _counters.ReceiveErrors.Increment(); continue; }
            OnControlFrame(_controlIn.AsSpan(0, length), source, nowNs);
        }
        return frames;
    }

    private void OnControlFrame(Span<byte> frame, in SocketAddress4 source, long nowNs)
    {
        if (FrameDecoder.Decode(frame, out short type) != DecodeResult.Ok)
        {
            _counters.MalformedDatagrams.Increment();
            return;
        }
        switch (type)
        {
            case FrameType.StatusMessage: OnStatusMessage(new StatusMessageHeader(frame), nowNs); break;
            case FrameType.Nak: OnNak(new NakHeader(frame), nowNs); break;
            case FrameType.RttMeasurement: OnRttMeasurement(new RttMeasurementHeader(frame), source); break;
            case FrameType.Error: OnError(new ErrorHeader(frame)); break;
            default: _counters.ForeignFrames.Increment(); break; // a receiver never sends us DATA or SETUP
        }
    }

    /// <summary>Only control frames for our (session, stream) concern us (brief §10).</summary>
    private bool IsOurs(int sessionId, int streamId)
    {
        if (sessionId == _log.SessionId && streamId == _log.StreamId) return true;
        _counters.ForeignFrames.Increment();
        return false;
    }

    private void OnStatusMessage(StatusMessageHeader sm, long nowNs)
    {
        if (!IsOurs(sm.SessionId, sm.StreamId)) return;
        if ((sm.Flags & StatusMessageHeader.SendSetupFlag) != 0)
        {
            // Not flow control: term id, offset and window are 0. Just arm a SETUP at once (brief §2.3).
            _counters.SetupsElicited.Increment();
            _setupElicited = true;
            _lastSetupNs = long.MinValue / 2;
            return;
        }
        if ((sm.Flags & StatusMessageHeader.EosFlag) != 0)
        {
            _counters.EosStatusMessagesReceived.Increment();
            if (_isConnected && sm.ReceiverId == _receiverId) Disconnect("receiver sent end of stream");
            return;
        }

        long smPosition = _log.Position(sm.ConsumptionTermId, sm.ConsumptionTermOffset);
        // A receiver cannot have consumed what was never sent; such an SM is bogus and must not open the window.
        if (smPosition > _senderPosition || smPosition < 0 || sm.ReceiverWindow < 0)
        {
            _counters.MalformedDatagrams.Increment();
            return;
        }
        _counters.StatusMessagesReceived.Increment();
        int window = Math.Min(sm.ReceiverWindow, _log.TermLength / 2);
        _senderLimit = Math.Max(_senderLimit, smPosition + window); // the limit never moves back (brief §6)
        _lastStatusMessageNs = nowNs;
        _setupElicited = false;
        _receiverId = sm.ReceiverId;
        if (!_isConnected)
        {
            _counters.Connections.Increment();
            _hasInitialConnection = true;
            Volatile.Write(ref _isConnected, true);
        }
    }

    /// <summary>
    /// Resends the NAKed range from the log, byte for byte, batched like fresh data; only
    /// positions still held (≥ sender position − term-length/2 − max message length) and already sent, clipped to the
    /// term end; a repeat NAK within the 10 ms linger is ignored (brief §8).
    /// </summary>
    private void OnNak(NakHeader nak, long nowNs)
    {
        if (!IsOurs(nak.SessionId, nak.StreamId)) return;
        _counters.NaksReceived.Increment();
        long position = _log.Position(nak.TermId, nak.TermOffset);
        // A PAD moves the sender position to the term end, past the flow-control limit: hence the
        // extra max-message-length of retention Aeron's retransmit handler allows (brief §8).
        long oldestHeld = _senderPosition - _log.TermLength / 2 - _log.MaxMessageLength;
        if (nak.GapLength <= 0 || nak.TermOffset < 0 || nak.TermOffset % LogBufferDescriptor.FrameAlignment != 0
            || position < Math.Max(0, oldestHeld) || position >= _senderPosition || !IsFrameStart(position, nak))
        {
            _counters.NaksInvalid.Increment();
            return;
        }
        if (!_retransmits.ShouldResend(position, nowNs))
        {
            _counters.NaksIgnoredLinger.Increment();
            return;
        }
        long termEnd = position - nak.TermOffset + _log.TermLength;
        long end = Math.Min(Math.Min(position + nak.GapLength, termEnd), _senderPosition);
        while (position < end)
        {
            int length = ScanBatch(position, end, out long advance);
            if (length == 0)
            {
                // The gap ends inside a frame: resend that whole frame, never a partial one.
                length = ScanBatch(position, _senderPosition, out advance);
                if (length == 0) break;
            }
            if (!Send(_log.Slice(position, length))) break;
            _counters.Retransmits.Increment();
            _counters.RetransmittedBytes.Add(length);
            position += advance;
        }
    }

    /// <summary>A NAK must point at a frame we wrote there, not into the middle of one.</summary>
    private bool IsFrameStart(long position, NakHeader nak)
    {
        var header = new DataHeader(_log.Slice(position, DataHeader.Length));
        return header.TermOffset == nak.TermOffset && header.TermId == nak.TermId && header.FrameLength >= DataHeader.Length;
    }

    private void OnRttMeasurement(RttMeasurementHeader rttm, in SocketAddress4 source)
    {
        if (!IsOurs(rttm.SessionId, rttm.StreamId) || (rttm.Flags & RttMeasurementHeader.ReplyFlag) == 0) return;
        // Echo with flags 0, the same timestamp and receiver id, reception delta 0 (aeron_network_publication_on_rttm).
        new RttMeasurementHeader(_controlOut).Write(0, _log.SessionId, _log.StreamId, rttm.EchoTimestamp, 0, rttm.ReceiverId);
        if (Send(_controlOut.AsSpan(0, RttMeasurementHeader.Length), source)) _counters.RttmReplies.Increment();
    }

    private void OnError(ErrorHeader error)
    {
        if (!IsOurs(error.SessionId, error.StreamId)) return;
        _counters.ErrorFramesReceived.Increment();
        _logMessage($"aeron publication session={_log.SessionId} stream={_log.StreamId}: receiver {error.ReceiverId} " +
            $"sent ERR code={error.ErrorCode} '{error.ErrorText}'; treating it as gone");
        if (_isConnected) Disconnect("receiver sent ERR");
    }

    private void Disconnect(string reason)
    {
        Volatile.Write(ref _isConnected, false);
        _logMessage($"aeron publication session={_log.SessionId} stream={_log.StreamId}: not connected: {reason}");
    }

    private bool Send(ReadOnlySpan<byte> datagram) => Send(datagram, _destination);

    private bool Send(ReadOnlySpan<byte> datagram, in SocketAddress4 destination)
    {
        int sent = _transport.TrySend(datagram, destination);
        if (sent > 0) return true;
        (sent == 0 ? _counters.SendBackPressure : _counters.SendErrors).Increment();
        return false;
    }
}
