namespace TradingMon.Actors.Actors;

/// <summary>Aggregator restarts, counted by the supervisors' deciders and reported in <see cref="MonitorStats"/>.</summary>
public sealed class SupervisionCounters
{
    private long _restarts;

    public long Restarts => Volatile.Read(ref _restarts);

    internal void CountRestart() => Interlocked.Increment(ref _restarts);
}
