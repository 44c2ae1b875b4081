using TradingMon.Core;

namespace TradingMon.Actors.Alerts;

/// <summary>
/// The one exit of every alert: stamps the per-process sequence number, host and detection time,
/// hands the alert to the <see cref="IAlertSink"/> (Aeron, a test probe) on the calling thread, and
/// queues a copy for the log line, which <see cref="AlertLogActor"/> writes off the hot path.
/// </summary>
/// <remarks>
/// Called from the ring consumer (immediate rules) and from aggregator actors (windowed rules), so
/// the sequence is an interlocked increment: numbers are unique and gap-free, though two alerts
/// raised at the same instant on two threads may reach the sink out of sequence order.
/// </remarks>
public sealed class AlertPublisher
{
    private readonly IAlertSink _sink;
    private readonly IClock _clock;
    private readonly string _host;
    private long _sequence;

    public AlertPublisher(IAlertSink sink, IClock clock, string host, int logQueueCapacity = 4096)
    {
        _sink = sink;
        _clock = clock;
        _host = host;
        LogQueue = new AlertLogQueue(logQueueCapacity);
    }

    internal AlertLogQueue LogQueue { get; }

    /// <summary>Alerts published so far (= the last sequence number).</summary>
    public long Published => Volatile.Read(ref _sequence);

    public void Publish(ref Alert alert)
    {
        alert.Sequence = Interlocked.Increment(ref _sequence);
        alert.Host = _host;
        alert.DetectionTimestampNs = _clock.NowNs;
        _sink.Publish(alert);
        LogQueue.TryEnqueue(alert); // a full log queue is counted there; the alert itself has left
    }
}
