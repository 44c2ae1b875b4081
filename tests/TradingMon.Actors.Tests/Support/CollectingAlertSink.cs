using System.Collections.Concurrent;
using TradingMon.Core;

namespace TradingMon.Actors.Tests.Support;

/// <summary>Keeps every alert it is given, in arrival order.</summary>
public sealed class CollectingAlertSink : IAlertSink
{
    private readonly ConcurrentQueue<Alert> _alerts = new();
    public void Publish(in Alert alert) => _alerts.Enqueue(alert);
    public IReadOnlyList<Alert> Alerts => _alerts.ToArray();
}

/// <summary>Counts alerts without keeping them (allocation-free, for steady-state measurements).</summary>
public sealed class CountingAlertSink : IAlertSink
{
    private long _count;
    public long Count => Volatile.Read(ref _count);
    public void Publish(in Alert alert) => Interlocked.Increment(ref _count);
}
