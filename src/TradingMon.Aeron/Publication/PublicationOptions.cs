namespace TradingMon.Aeron;

/// <summary>How a publication runs its I/O. The wire behaviour comes from the channel URI.</summary>
public sealed class PublicationOptions
{
    /// <summary>
    /// true (default): a dedicated sender thread sends DATA, heartbeats and SETUP and serves SM/NAK,
    /// so <see cref="AeronPublication.Offer"/> only copies into the log. false: the caller's thread
    /// does the I/O: Offer sends inline and the caller must call <see cref="AeronPublication.DoWork"/>
    /// at least every few milliseconds (SETUP, heartbeats, SM and NAK handling).
    /// </summary>
    public bool DedicatedSenderThread { get; init; } = true;

    /// <summary>
    /// Caller-driven mode only. true (default): Offer sends the message at once, one datagram (one
    /// sendto) per Offer: the lowest latency for sparse alerts. false: Offer only appends and the next
    /// <see cref="AeronPublication.DoWork"/> sends everything appended since, several frames per datagram
    /// up to the MTU: one syscall per batch instead of per message, for bursts.
    /// </summary>
    public bool SendOnOffer { get; init; } = true;

    /// <summary>Sender thread spins instead of backing off when idle: lowest latency, burns a core.</summary>
    public bool BusySpin { get; init; }

    /// <summary>Pin the sender thread to this CPU.</summary>
    public int? SenderCpu { get; init; }

    /// <summary>Where protocol events worth a human's attention go (ERR frames, receiver lost). Default: stderr.</summary>
    public Action<string>? Log { get; init; }
}
