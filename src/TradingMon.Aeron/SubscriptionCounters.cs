namespace TradingMon.Aeron;

/// <summary>Everything a subscription counts; all written by the polling thread.</summary>
public sealed class SubscriptionCounters
{
    public Counter DatagramsReceived { get; } = new("datagrams-received");
    public Counter BytesReceived { get; } = new("bytes-received");
    public Counter MessagesDelivered { get; } = new("messages-delivered");
    public Counter FragmentsReceived { get; } = new("data-datagrams-placed");
    public Counter HeartbeatsReceived { get; } = new("heartbeats-received");
    public Counter SetupsReceived { get; } = new("setups-received");
    public Counter SetupsRejected { get; } = new("setups-rejected");
    public Counter ImagesCreated { get; } = new("images-created");
    public Counter ImagesClosedEos { get; } = new("images-closed-eos");
    public Counter ImagesTimedOut { get; } = new("images-timed-out");
    public Counter StatusMessagesSent { get; } = new("sm-sent");
    public Counter SetupsElicited { get; } = new("sm-send-setup-sent");
    public Counter EosStatusMessagesSent { get; } = new("sm-eos-sent");
    public Counter NaksSent { get; } = new("naks-sent");
    public Counter GapsDetected { get; } = new("gaps-detected");
    public Counter DuplicatesDropped { get; } = new("duplicate-frames-dropped");
    public Counter UnderRunDropped { get; } = new("under-run-dropped");
    public Counter OverRunDropped { get; } = new("over-run-dropped");
    public Counter FragmentsWithoutBegin { get; } = new("fragments-without-begin");
    public Counter MalformedDatagrams { get; } = new("malformed-datagrams");
    public Counter OtherStreamDropped { get; } = new("other-stream-dropped");
    public Counter InconsistentDropped { get; } = new("inconsistent-frames-dropped");
    public Counter RttmReplies { get; } = new("rttm-replies");
    public Counter SendErrors { get; } = new("send-errors");
    public Counter ReceiveErrors { get; } = new("receive-errors");

    public IReadOnlyList<Counter> All => [DatagramsReceived, BytesReceived, MessagesDelivered, FragmentsReceived,
        HeartbeatsReceived, SetupsReceived, SetupsRejected, ImagesCreated, ImagesClosedEos, ImagesTimedOut,
        StatusMessagesSent, SetupsElicited, EosStatusMessagesSent, NaksSent, GapsDetected, DuplicatesDropped,
        UnderRunDropped, OverRunDropped, FragmentsWithoutBegin, MalformedDatagrams, OtherStreamDropped,
        InconsistentDropped, RttmReplies, SendErrors, ReceiveErrors];

    public override string ToString() => string.Join(' ', All);
}
