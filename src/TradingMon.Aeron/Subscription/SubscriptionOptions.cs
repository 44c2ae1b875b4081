namespace TradingMon.Aeron;

/// <summary>Limits and callbacks of a subscription. The wire behaviour comes from the channel URI.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Called (on the polling thread) when a publisher's SETUP creates an image.</summary>
    public Action<ImageInfo>? ImageAvailable { get; init; }

    /// <summary>Called (on the polling thread) when an image closes: end of stream or 10 s without data.</summary>
    public Action<ImageInfo>? ImageUnavailable { get; init; }

    /// <summary>
    /// Largest term length a SETUP may ask for: each image holds one term in memory, so this bounds
    /// what a stray or hostile SETUP can make us allocate. Default 64 MiB (Aeron's default term is 16 MiB).
    /// </summary>
    public int MaxTermLength { get; init; } = 64 * 1024 * 1024;

    /// <summary>Most images (publisher sessions) at once; further SETUPs are refused and counted.</summary>
    public int MaxImages { get; init; } = 16;

    /// <summary>Where protocol events worth a human's attention go (rejected SETUP). Default: stderr.</summary>
    public Action<string>? Log { get; init; }
}
