namespace TradingMon.Ring;

/// <summary>Builds a wait strategy from its configuration name.</summary>
public static class WaitStrategies
{
    /// <summary>The default: parks idle consumers, so it never burns a core.</summary>
    public const string Default = "blocking";

    /// <summary>Every accepted name, for help texts and error messages.</summary>
    public static readonly IReadOnlyList<string> Names = ["busy-spin", "yielding", "sleeping", "blocking", "timeout-blocking"];

    /// <summary>
    /// Creates the strategy named <paramref name="name"/> (case-insensitive). "timeout-blocking" needs
    /// <paramref name="timeout"/>; "blocking" uses it when given.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name or missing timeout; the message lists the valid names.</exception>
    public static IWaitStrategy Create(string name, TimeSpan? timeout = null) => name.Trim().ToLowerInvariant() switch
    {
        "busy-spin" => new BusySpinWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "sleeping" => new SleepingWaitStrategy(),
        "blocking" => timeout is { } t ? new BlockingWaitStrategy(t) : new BlockingWaitStrategy(),
        "timeout-blocking" => timeout is { } t
            ? new BlockingWaitStrategy(t)
            : throw new ArgumentException("wait strategy 'timeout-blocking' needs a timeout (e.g. 100 ms)", nameof(timeout)),
        _ => throw new ArgumentException(
            $"unknown wait strategy '{name}': use one of {string.Join(", ", Names)} " +
            "(busy-spin and yielding only on dedicated cores)", nameof(name)),
    };
}
