namespace TradingMon.Ring;

/// <summary>How a <see cref="BatchEventProcessor{T,THandler}"/> is named and what it does when its handler throws.</summary>
public sealed record ProcessorOptions
{
    /// <summary>Thread name and the name in log lines.</summary>
    public string Name { get; init; } = "ring-consumer";

    public ExceptionPolicy ExceptionPolicy { get; init; } = ExceptionPolicy.SkipAndContinue;

    /// <summary>
    /// Where handler exceptions are reported: (processor name, exception, sequence). Defaults to one line on
    /// stderr. Called on the processor thread, only when a handler threw.
    /// </summary>
    public Action<string, Exception, long> LogException { get; init; } = static (name, ex, sequence) =>
        Console.Error.WriteLine($"ring processor '{name}': handler threw at sequence {sequence}: {ex.GetType().Name}: {ex.Message}");
}
