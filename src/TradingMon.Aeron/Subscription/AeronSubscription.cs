using TradingMon.Aeron.Protocol;
using TradingMon.Core;

namespace TradingMon.Aeron;

/// <summary>
/// A subscription speaking Aeron's UDP wire protocol directly: binds the channel's endpoint,
/// makes an image per publisher session from its SETUP, and on each <see cref="Poll"/> receives
/// datagrams, delivers whole messages in order exactly once, and sends SMs and NAKs. Everything
/// runs on the polling thread; nothing here is thread-safe. Malformed or hostile datagrams are
/// counted and dropped; they never throw out of Poll.
/// </summary>
public sealed class AeronSubscription : IDisposable
{
    private const int MaxDatagramsPerPoll = 64;
    private const int EosStatusMessages = 3;
    private const long ElicitIntervalNs = 100_000_000;

    private readonly UdpTransport _transport;
    private readonly SubscriptionOptions _options;
    private readonly Action<string> _log;
    private readonly byte[] _datagram = GC.AllocateArray<byte>(ushort.MaxValue, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(RttMeasurementHeader.Length, pinned: true);
    private readonly List<Image> _images = [];
    private readonly SetupElicitor _elicitor = new(ElicitIntervalNs);
    private bool _isDisposed;

    private AeronSubscription(AeronChannel channel, int streamId, SubscriptionOptions options)
    {
        Channel = channel;
        StreamId = streamId;
        _options = options;
        _log = options.Log ?? Console.Error.WriteLine;
        _transport = UdpTransport.Bind(channel.Endpoint, $"subscription on {channel.Uri}",
            channel.SocketReceiveBufferSize, channel.SocketSendBufferSize);
    }

    /// <summary>Binds <paramref name="channel"/>'s endpoint and listens for <paramref name="streamId"/>.</summary>
    /// <exception cref="TradingMonException">The channel is invalid or its endpoint cannot be bound.</exception>
    public static AeronSubscription Open(string channel, int streamId, SubscriptionOptions? options = null) =>
        new(AeronChannel.Parse(channel), streamId, options ?? new SubscriptionOptions());

    public AeronChannel Channel { get; }
    public int StreamId { get; }
    public SubscriptionCounters Counters { get; } = new();

    /// <summary>At least one publisher session is connected.</summary>
    public bool IsConnected => _images.Count > 0;

    public IReadOnlyList<ImageInfo> Images => _images.ConvertAll(image => image.ToInfo());

    /// <summary>
    /// One duty cycle: receive what is waiting, deliver up to <paramref name="messageLimit"/> whole
    /// messages to <paramref name="handler"/>, send due NAKs and SMs, close finished images.
    /// Returns the number of messages delivered.
    /// </summary>
    public int Poll(MessageHandler handler, int messageLimit = 256)
    {
        ObjectDisposedException.ThrowIf(_isDisposed, this);
        long nowNs = LinuxThread.MonotonicNs();
        ReceiveDatagrams(nowNs);
        int delivered = 0;
        for (int i = _images.Count - 1; i >= 0; i--)
        {
            var image = _images[i];
            delivered += image.Deliver(handler, messageLimit - delivered);
            SendControl(image, nowNs);
            CloseIfFinished(i, image, nowNs);
        }
        return delivered;
    }

    private void ReceiveDatagrams(long nowNs)
    {
        for (int i = 0; i < MaxDatagramsPerPoll; i++)
        {
            int length = _transport.TryReceive(_datagram, out var source);
            if (length == 0) return;
            if (length < 0) { Counters.ReceiveErrors.Increment(); continue; }
            Counters.DatagramsReceived.Increment();
            Counters.BytesReceived.Add(length);
            OnDatagram(_datagram.AsSpan(0, length), source, nowNs);
        }
    }

    /// <summary>Handles one received datagram; internal so tests can feed datagrams without a socket.</summary>
    internal void OnDatagram(Span<byte> datagram, in SocketAddress4 source, long nowNs)
    {
        if (FrameDecoder.Decode(datagram, out short type) != DecodeResult.Ok)
        {
            Counters.MalformedDatagrams.Increment();
            return;
        }
        switch (type)
        {
            case FrameType.Data:
            case FrameType.Pad:
                OnData(datagram, source, nowNs);
                break;
            case FrameType.Setup:
                OnSetup(new SetupHeader(datagram), source, nowNs);
                break;
            case FrameType.RttMeasurement:
                OnRttMeasurement(new RttMeasurementHeader(datagram), source);
                break;
            default:
                Counters.MalformedDatagrams.Increment(); // SM, NAK, ERR are for senders
                break;
        }
    }

    private bool Accepts(int streamId, int sessionId)
    {
        if (streamId == StreamId && (Channel.SessionId is not int only || only == sessionId)) return true;
        Counters.OtherStreamDropped.Increment();
        return false;
    }

    private void OnData(Span<byte> datagram, in SocketAddress4 source, long nowNs)
    {
        var header = new DataHeader(datagram);
        if (!Accepts(header.StreamId, header.SessionId)) return;
        var image = FindImage(header.SessionId);
        bool endOfStream = (header.Flags & DataHeader.EosFlag) != 0;
        if (image is null)
        {
            // Unknown session: ask its sender for a SETUP (SM flag 0x80), but never for a stream that is ending (brief §5.5).
            if (!endOfStream && _elicitor.ShouldElicit(header.SessionId, nowNs)) ElicitSetup(header.SessionId, source);
            return;
        }
        if (header.IsHeartbeat(datagram.Length))
            image.OnHeartbeat(header.TermId, header.TermOffset, endOfStream, nowNs);
        else
            image.OnData(datagram, header.TermId, header.TermOffset, nowNs);
    }

    private void OnSetup(SetupHeader setup, in SocketAddress4 source, long nowNs)
    {
        if (!Accepts(setup.StreamId, setup.SessionId)) return;
        Counters.SetupsReceived.Increment();
        var existing = FindImage(setup.SessionId);
        if (existing is not null)
        {
            existing.OnSetup(nowNs);
            return;
        }
        int window = LogBufferDescriptor.ReceiverWindow(setup.TermLength, Channel.ReceiverWindow);
        string? refusal =
            setup.TermLength > _options.MaxTermLength ? $"term-length {setup.TermLength} exceeds this subscription's limit {_options.MaxTermLength}" :
            setup.Mtu > window ? $"mtu {setup.Mtu} exceeds the receiver window {window}" :
            _images.Count >= _options.MaxImages ? $"already {_images.Count} images (max {_options.MaxImages})" :
            null;
        if (refusal is not null)
        {
            Counters.SetupsRejected.Increment();
            _log($"aeron subscription {Channel.Uri} stream={StreamId}: refused SETUP of session {setup.SessionId} from {source}: {refusal}");
            return;
        }
        var image = new Image(setup.SessionId, setup.StreamId, setup.InitialTermId, setup.ActiveTermId, setup.TermOffset,
            setup.TermLength, setup.Mtu, window, RandomReceiverId(), source, Counters, nowNs);
        _images.Add(image);
        Counters.ImagesCreated.Increment();
        SendControl(image, nowNs);
        _options.ImageAvailable?.Invoke(image.ToInfo());
    }

    /// <summary>Echo an RTTM the sender marked REPLY (brief §2.5).</summary>
    private void OnRttMeasurement(RttMeasurementHeader rttm, in SocketAddress4 source)
    {
        if (!Accepts(rttm.StreamId, rttm.SessionId) || (rttm.Flags & RttMeasurementHeader.ReplyFlag) == 0) return;
        long receiverId = FindImage(rttm.SessionId)?.ReceiverId ?? rttm.ReceiverId;
        new RttMeasurementHeader(_control).Write(0, rttm.SessionId, rttm.StreamId, rttm.EchoTimestamp, 0, receiverId);
        if (Send(_control.AsSpan(0, RttMeasurementHeader.Length), source)) Counters.RttmReplies.Increment();
    }

    private void ElicitSetup(int sessionId, in SocketAddress4 source)
    {
        new StatusMessageHeader(_control).Write(StatusMessageHeader.SendSetupFlag, sessionId, StreamId, 0, 0, 0, 0);
        if (Send(_control.AsSpan(0, StatusMessageHeader.Length), source)) Counters.SetupsElicited.Increment();
    }

    private void SendControl(Image image, long nowNs)
    {
        int nakLength = image.PrepareNak(_control, nowNs);
        if (nakLength > 0 && Send(_control.AsSpan(0, nakLength), image.Source)) Counters.NaksSent.Increment();
        int smLength = image.PrepareStatusMessage(_control, nowNs);
        if (smLength > 0 && Send(_control.AsSpan(0, smLength), image.Source)) Counters.StatusMessagesSent.Increment();
    }

    private void CloseIfFinished(int index, Image image, long nowNs)
    {
        if (image.IsEndOfStream) Counters.ImagesClosedEos.Increment();
        else if (image.IsTimedOut(nowNs)) Counters.ImagesTimedOut.Increment();
        else return;
        _images.RemoveAt(index);
        _elicitor.CoolDown(image.SessionId, nowNs);
        _options.ImageUnavailable?.Invoke(image.ToInfo());
    }

    private Image? FindImage(int sessionId)
    {
        foreach (var image in _images)
            if (image.SessionId == sessionId) return image;
        return null;
    }

    private bool Send(ReadOnlySpan<byte> datagram, in SocketAddress4 destination)
    {
        if (_transport.TrySend(datagram, destination) > 0) return true;
        Counters.SendErrors.Increment();
        return false;
    }

    private static long RandomReceiverId()
    {
        long id;
        do id = Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        while (id == 0);
        return id;
    }

    /// <summary>Tells every publisher this receiver is leaving (SM flag 0x40, brief §9), then closes the socket.</summary>
    public void Dispose()
    {
        if (_isDisposed) return;
        _isDisposed = true;
        long nowNs = LinuxThread.MonotonicNs();
        foreach (var image in _images)
        {
            for (int i = 0; i < EosStatusMessages; i++)
            {
                int length = image.PrepareStatusMessage(_control, nowNs, StatusMessageHeader.EosFlag);
                if (Send(_control.AsSpan(0, length), image.Source)) Counters.EosStatusMessagesSent.Increment();
            }
        }
        _images.Clear();
        _transport.Dispose();
    }
}
