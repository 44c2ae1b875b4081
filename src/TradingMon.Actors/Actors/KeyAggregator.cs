using Akka.Actor;

namespace TradingMon.Actors.Actors;

/// <summary>
/// One aggregator per key: rotates the key's interval histogram on each <see cref="Tick"/>, keeps
/// the cumulative histogram and rolling windows, evaluates the key's windowed rules and answers
/// queries. All of it lives in <see cref="AggregatorState"/>, passed in through Props, so the
/// supervisor's restart of a failed aggregator resumes with everything recorded so far.
/// </summary>
internal sealed class KeyAggregator : ReceiveActor
{
    public KeyAggregator(AggregatorState state, IClock clock)
    {
        Receive<Tick>(_ => state.Rotate(clock.NowNs));
        Receive<GetStats>(q => Sender.Tell(state.Stats(q.Window)));
        Receive<GetIntervals>(_ => Sender.Tell(new KeyIntervals(state.Key.Metric, state.Key.Name, state.Intervals.ToArray())));
        Receive<InjectFault>(f => throw new InjectedFaultException($"fault injected into the aggregator of {f.Metric}:{f.Key}"));
    }

    public static Props Props(AggregatorState state, IClock clock) =>
        Akka.Actor.Props.Create(() => new KeyAggregator(state, clock));
}
