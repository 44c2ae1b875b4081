using System.Net;
using TradingMon.Core;

namespace TradingMon.Aeron;

/// <summary>
/// An exclusive Aeron publication speaking the UDP wire protocol directly, without a media
/// driver: a real Aeron subscriber (through its own driver) sees an ordinary publication.
/// <see cref="Offer"/> never blocks and never allocates; it is meant to be called from one
/// thread (the ring consumer). The I/O runs on a dedicated sender thread or, by
/// <see cref="PublicationOptions.DedicatedSenderThread"/> = false, on the caller's thread.
/// </summary>
public sealed class AeronPublication : IDisposable
{
    /// <summary>Session ids Aeron's driver never generates (brief §3).</summary>
    public const int ReservedSessionIdLow = -1, ReservedSessionIdHigh = 1000;

    private readonly PublicationLog _log;
    private readonly NetworkSender _sender;
    private readonly UdpTransport _transport;
    private readonly PublicationOptions _options;
    private readonly Thread? _senderThread;
    private readonly long _lingerNs;
    private volatile bool _isClosed;
    private volatile bool _senderStopRequested;
    // The idle sender thread parks on this instead of sleeping a fixed millisecond, and Offer wakes it:
    // an alert must not wait out a sleep (it would put ~1 ms between the kernel event and the wire).
    // No spinning in Wait: the sender loop spun and yielded (BackoffIdle) before it parks, and the
    // event's own spin phase (yields included) ran on every 1 ms park: ~1 000 times a second, idle.
    private readonly ManualResetEventSlim _senderWake = new(false, spinCount: 0);
    private int _senderParked;
    private bool _isDisposed;

    private AeronPublication(AeronChannel channel, int streamId, PublicationOptions options)
    {
        Channel = channel;
        _options = options;
        var logMessage = options.Log ?? Console.Error.WriteLine;
        int sessionId = channel.SessionId ?? RandomSessionId();
        _log = new PublicationLog(channel.TermLength, channel.Mtu, sessionId, streamId, Random.Shared.Next(int.MinValue, int.MaxValue));
        // One socket on an ephemeral port for everything: the receiver answers the SETUP's source (brief §5.3).
        _transport = UdpTransport.Bind(new IPEndPoint(IPAddress.Any, 0), $"publication to {channel.Endpoint}",
            channel.SocketReceiveBufferSize, channel.SocketSendBufferSize);
        _sender = new NetworkSender(_log, _transport, SocketAddress4.From(channel.Endpoint), channel.Mtu, Counters, logMessage);
        _lingerNs = (long)channel.Linger.TotalMilliseconds * 1_000_000;
        if (options.DedicatedSenderThread)
        {
            _senderThread = new Thread(RunSender) { IsBackground = true, Name = $"aeron-sender-{sessionId}" };
            _senderThread.Start();
        }
    }

    /// <summary>Opens a publication on <paramref name="channel"/> (e.g. <c>aeron:udp?endpoint=127.0.0.1:40123</c>).</summary>
    /// <exception cref="TradingMonException">The channel is invalid or its socket cannot be opened.</exception>
    public static AeronPublication Open(string channel, int streamId, PublicationOptions? options = null) =>
        new(AeronChannel.Parse(channel), streamId, options ?? new PublicationOptions());

    public AeronChannel Channel { get; }
    public int StreamId => _log.StreamId;
    public int SessionId => _log.SessionId;
    public int InitialTermId => _log.InitialTermId;
    public int TermLength => _log.TermLength;
    public int Mtu => Channel.Mtu;

    /// <summary>Largest payload that goes in one frame (mtu − 32); longer messages are fragmented.</summary>
    public int MaxPayloadLength => _log.MaxPayloadLength;

    /// <summary>Largest message <see cref="Offer"/> accepts: min(term-length/8, 16 MiB).</summary>
    public int MaxMessageLength => _log.MaxMessageLength;

    /// <summary>A receiver is sending status messages: offers are accepted.</summary>
    public bool IsConnected => _sender.IsConnected;

    public bool IsClosed => _isClosed;

    /// <summary>Stream position after the last appended message.</summary>
    public long Position => _log.ProducerPosition;

    /// <summary>Everything up to here has been sent at least once.</summary>
    public long SenderPosition => _sender.SenderPosition;

    public PublicationCounters Counters { get; } = new();

    /// <summary>
    /// Appends <paramref name="message"/> to the stream. Returns the new position (&gt; 0) or an
    /// <see cref="OfferResult"/> code: NotConnected, BackPressured (log full up to sender position +
    /// term-length/2), Closed, MaxPositionExceeded. Never blocks, never allocates; each refusal is counted.
    /// </summary>
    /// <exception cref="ArgumentException">The message is longer than <see cref="MaxMessageLength"/> (a programming error, as in Aeron).</exception>
    public long Offer(ReadOnlySpan<byte> message)
    {
        if (_isClosed)
        {
            Counters.Closed.Increment();
            return OfferResult.Closed;
        }
        if (message.Length > _log.MaxMessageLength)
            throw new ArgumentException($"message of {message.Length} bytes exceeds the max message length {_log.MaxMessageLength} (term-length/8)", nameof(message));
        if (!_sender.IsConnected)
        {
            Counters.NotConnected.Increment();
            return OfferResult.NotConnected;
        }
        long limit = _sender.SenderPosition + _log.TermLength / 2;
        long result = _log.Append(message, limit);
        if (result > 0)
        {
            Counters.MessagesOffered.Increment();
            if (_senderThread is not null) WakeSender();
            else if (_options.SendOnOffer) _sender.SendData(LinuxThread.MonotonicNs()); // caller-driven: send inline
            // else caller-driven batching: the caller's next DoWork sends it with whatever follows
        }
        else
        {
            (result == OfferResult.BackPressured ? Counters.BackPressured : Counters.MaxPositionExceeded).Increment();
        }
        return result;
    }

    /// <summary>
    /// Caller-driven mode only: one sender duty cycle (SM/NAK/RTTM/ERR in, SETUP, data, heartbeat).
    /// Call it at least every few milliseconds. Returns the work done, 0 when idle.
    /// </summary>
    public int DoWork()
    {
        if (_senderThread is not null)
            throw new InvalidOperationException("DoWork is for caller-driven publications (DedicatedSenderThread = false); the sender thread does this work");
        return _isDisposed ? 0 : _sender.DoWork(LinuxThread.MonotonicNs());
    }

    private void RunSender()
    {
        if (_options.SenderCpu is int cpu) LinuxThread.PinCurrentThread(cpu);
        var idle = new BackoffIdle(_options.BusySpin);
        while (!_senderStopRequested)
        {
            int work = _sender.DoWork(LinuxThread.MonotonicNs());
            if (work > 0 || !idle.NextIdleSleeps)
            {
                idle.Idle(work);
                continue;
            }
            // About to sleep: announce it (full fence), then look once more, since an Offer may have
            // appended just before it saw the announcement. Sleep until woken or the next duty time.
            Interlocked.Exchange(ref _senderParked, 1);
            if (_sender.DoWork(LinuxThread.MonotonicNs()) == 0) _senderWake.Wait(1);
            Volatile.Write(ref _senderParked, 0);
            _senderWake.Reset();
        }
        Linger();
    }

    /// <summary>Wakes a parked sender thread; costs a fence and, only when it is parked, one futex wake.</summary>
    private void WakeSender()
    {
        // Full fence: the append above must be visible before we read the parked flag (Dekker pairing with RunSender).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _senderParked) != 0) _senderWake.Set();
    }

    /// <summary>
    /// After close: keep sending what is left, answering NAKs, and send EOS heartbeats (0xE0)
    /// every 100 ms for the linger time (brief §9), so receivers close the image promptly.
    /// </summary>
    private void Linger()
    {
        _sender.SignalEndOfStream();
        long deadline = LinuxThread.MonotonicNs() + _lingerNs;
        long now;
        while ((now = LinuxThread.MonotonicNs()) < deadline)
        {
            if (_sender.DoWork(now) == 0) Thread.Sleep(1);
        }
    }

    /// <summary>Refuses further offers, lingers with EOS heartbeats, then closes the socket. Blocks for the linger time.</summary>
    public void Dispose()
    {
        if (_isDisposed) return;
        _isClosed = true;
        if (_senderThread is not null)
        {
            _senderStopRequested = true;
            _senderThread.Join();
        }
        else
        {
            Linger();
        }
        _isDisposed = true;
        _transport.Dispose();
        _senderWake.Dispose();
    }

    private static int RandomSessionId()
    {
        int id;
        do id = Random.Shared.Next(int.MinValue, int.MaxValue);
        while (id is >= ReservedSessionIdLow and <= ReservedSessionIdHigh);
        return id;
    }
}
