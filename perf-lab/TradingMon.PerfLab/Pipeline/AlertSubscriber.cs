using TradingMon.Aeron;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>One alert as the subscriber saw it: the three timestamps (CLOCK_MONOTONIC ns) and the culprit.</summary>
public readonly record struct ReceivedAlert(long KernelNs, long DetectedNs, long ReceivedNs, int CulpritPid);

/// <summary>
/// An Aeron subscriber on its own thread pinned to <paramref name="cpu"/>, stamping each decoded alert
/// the moment its handler runs. It spins on the subscription (yielding when idle), as a latency-sensitive
/// consumer would; the received list is read only after <see cref="Dispose"/> joined the thread.
/// </summary>
public sealed class AlertSubscriber(int cpu, string channel, int streamId) : IDisposable
{
    private readonly List<ReceivedAlert> _received = new(1 << 16);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private Exception? _failure;
    private long _undecodable;

    public IReadOnlyList<ReceivedAlert> Received => _thread is { IsAlive: true } ? throw new InvalidOperationException("read Received after Dispose") : _received;

    /// <summary>Messages on the stream that were not alerts this build can decode (counted, never dropped silently).</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);

    public void Start()
    {
        var subscription = AeronSubscription.Open(channel, streamId);
        _thread = new Thread(() => Poll(subscription)) { IsBackground = true, Name = "alert-subscriber" };
        _thread.Start();
    }

    private void Poll(AeronSubscription subscription)
    {
        try
        {
            using (subscription)
            {
                LinuxThread.PinCurrentThread(cpu);
                MessageHandler onAlert = (ReadOnlySpan<byte> message, in MessageHeader _) =>
                {
                    long now = LinuxThread.MonotonicNs();
                    if (AlertDecoder.TryWrap(message, out var alert) != AlertDecodeResult.Ok) { Interlocked.Increment(ref _undecodable); return; }
                    _received.Add(new ReceivedAlert(alert.KernelTimestampNs, alert.DetectionTimestampNs, now, alert.CulpritPid));
                };
                while (!_stop.IsCancellationRequested)
                    if (subscription.Poll(onAlert) == 0) Thread.Yield();
            }
        }
        catch (Exception e) { _failure = e; }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose();
        if (_failure is not null) throw new TradingMonException($"the Aeron subscriber on {channel} failed: {_failure.Message}", _failure);
    }
}
