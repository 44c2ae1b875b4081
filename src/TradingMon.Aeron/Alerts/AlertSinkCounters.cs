namespace TradingMon.Aeron.Alerts;

/// <summary>
/// What happened to each alert handed to <see cref="AeronAlertSink"/>: sent, or refused and why.
/// Published + every refusal = alerts handed to the sink. Written under the sink's guard.
/// </summary>
public sealed class AlertSinkCounters
{
    public Counter Published { get; } = new("alerts-published");
    /// <summary>No subscriber has connected yet, or the last one left (EOS, ERR, 5 s without SM).</summary>
    public Counter NotConnected { get; } = new("alerts-not-connected");
    /// <summary>The subscriber is not keeping up: the publication log is full up to its flow-control window.</summary>
    public Counter BackPressured { get; } = new("alerts-back-pressured");
    /// <summary>The publication was closed (shutdown) while alerts were still raised.</summary>
    public Counter Closed { get; } = new("alerts-closed");
    /// <summary>The stream reached the last position its term length can address.</summary>
    public Counter MaxPositionExceeded { get; } = new("alerts-max-position-exceeded");
    /// <summary>Sent, but a string was cut to the schema's 255-byte maximum.</summary>
    public Counter Truncated { get; } = new("alerts-strings-truncated");

    public long Refused => NotConnected.Value + BackPressured.Value + Closed.Value + MaxPositionExceeded.Value;

    public IReadOnlyList<Counter> All => [Published, NotConnected, BackPressured, Closed, MaxPositionExceeded, Truncated];

    public override string ToString() => string.Join(' ', All);
}
