namespace TradingMon.Ring;

/// <summary>What a processor does after a handler throws. Either way the exception is logged and counted.</summary>
public enum ExceptionPolicy
{
    /// <summary>Skip the failing event and go on with the next one (the default: one bad event must not stop monitoring).</summary>
    SkipAndContinue,
    /// <summary>Stop the processor; its sequence stays before the failing event, so producers see the ring fill (try-claim failures).</summary>
    Halt,
}
