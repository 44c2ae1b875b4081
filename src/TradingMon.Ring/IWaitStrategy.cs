namespace TradingMon.Ring;

/// <summary>
/// How a consumer waits for a sequence: the trade between wake-up latency and the CPU burned while idle.
/// Called once per batch, never per event.
/// </summary>
public interface IWaitStrategy
{
    /// <summary>
    /// Waits until <see cref="SequenceBarrier.DependentValue"/> reaches <paramref name="sequence"/> and returns it,
    /// or returns <see cref="WaitResult.Alerted"/> / <see cref="WaitResult.TimedOut"/>.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>Wakes consumers parked in the strategy. Producers call it after each publish only when <see cref="IsBlocking"/>.</summary>
    void SignalAllWhenBlocking();

    /// <summary>True when consumers park and need a signal on publish.</summary>
    bool IsBlocking { get; }
}
