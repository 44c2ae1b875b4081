using Akka.Actor;
using Akka.Event;

namespace TradingMon.Actors.Alerts;

/// <summary>
/// Writes one log line per alert, off the hot path: drains the publisher's queue on a short timer
/// so the ring consumer never formats a string. Dropped lines (queue full) are reported as a count.
/// </summary>
internal sealed class AlertLogActor : ReceiveActor, IWithTimers
{
    private sealed class Drain
    {
        public static readonly Drain Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _droppedReported;

    public AlertLogActor(AlertPublisher publisher, TimeSpan period)
    {
        Receive<Drain>(_ =>
        {
            while (publisher.LogQueue.TryDequeue(out var alert)) _log.Info(AlertText.Format(alert));
            long dropped = publisher.LogQueue.Dropped;
            if (dropped != _droppedReported)
            {
                _log.Warning("alert log queue full: {0} alert log lines dropped so far (the alerts themselves were published)", dropped);
                _droppedReported = dropped;
            }
        });
        Timers!.StartPeriodicTimer("drain", Drain.Instance, period);
    }

    public ITimerScheduler? Timers { get; set; }
}
