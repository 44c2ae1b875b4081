namespace TradingMon.Ring;

/// <summary>The lifecycle and counters of one consumer thread of a ring, independent of its event type.</summary>
public interface IEventProcessor
{
    string Name { get; }

    /// <summary>The last sequence this consumer finished: what dependants and gating producers trail.</summary>
    Sequence Sequence { get; }

    bool IsRunning { get; }

    /// <summary>Events this consumer has finished (including skipped failures).</summary>
    long Processed { get; }

    /// <summary>Handler exceptions seen (each one logged).</summary>
    long ExceptionCount { get; }

    /// <summary>The exception that stopped the processor under <see cref="ExceptionPolicy.Halt"/>, else null.</summary>
    Exception? Fault { get; }

    /// <summary>Runs the processing loop on the calling thread until halted.</summary>
    void Run();

    /// <summary>Runs the loop on a new background thread; <paramref name="onThreadStart"/> runs first on it (pin the CPU there).</summary>
    Thread Start(Action? onThreadStart = null);

    /// <summary>Stops after the current batch, even if events remain.</summary>
    void Halt();

    /// <summary>
    /// Shutdown: waits until every event published so far (and while it waits) is processed, then halts and
    /// joins the thread. False when <paramref name="timeout"/> passed first (it halts anyway).
    /// </summary>
    bool Drain(TimeSpan timeout);
}
