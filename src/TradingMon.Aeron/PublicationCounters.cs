namespace TradingMon.Aeron;

/// <summary>Everything a publication counts. Offer refusals are written by the offering thread, the rest by the sender.</summary>
public sealed class PublicationCounters
{
    public Counter MessagesOffered { get; } = new("messages-offered");
    public Counter NotConnected { get; } = new("offer-not-connected");
    public Counter BackPressured { get; } = new("offer-back-pressured");
    public Counter Closed { get; } = new("offer-closed");
    public Counter MaxPositionExceeded { get; } = new("offer-max-position-exceeded");
    public Counter DataDatagramsSent { get; } = new("data-datagrams-sent");
    public Counter BytesSent { get; } = new("bytes-sent");
    public Counter SetupsSent { get; } = new("setups-sent");
    public Counter HeartbeatsSent { get; } = new("heartbeats-sent");
    public Counter EosHeartbeatsSent { get; } = new("eos-heartbeats-sent");
    public Counter SendErrors { get; } = new("send-errors");
    public Counter SendBackPressure { get; } = new("send-socket-full");
    public Counter StatusMessagesReceived { get; } = new("sm-received");
    public Counter SetupsElicited { get; } = new("sm-send-setup-received");
    public Counter EosStatusMessagesReceived { get; } = new("sm-eos-received");
    public Counter NaksReceived { get; } = new("naks-received");
    public Counter NaksIgnoredLinger { get; } = new("naks-ignored-linger");
    public Counter NaksInvalid { get; } = new("naks-invalid");
    public Counter Retransmits { get; } = new("retransmit-datagrams");
    public Counter RetransmittedBytes { get; } = new("retransmitted-bytes");
    public Counter RttmReplies { get; } = new("rttm-replies");
    public Counter ErrorFramesReceived { get; } = new("err-frames-received");
    public Counter ReceiverTimeouts { get; } = new("receiver-timeouts");
    public Counter Connections { get; } = new("connections");
    public Counter ForeignFrames { get; } = new("foreign-session-frames");
    public Counter MalformedDatagrams { get; } = new("malformed-datagrams");
    public Counter ReceiveErrors { get; } = new("receive-errors");

    public IReadOnlyList<Counter> All => [MessagesOffered, NotConnected, BackPressured, Closed, MaxPositionExceeded,
        DataDatagramsSent, BytesSent, SetupsSent, HeartbeatsSent, EosHeartbeatsSent, SendErrors, SendBackPressure,
        StatusMessagesReceived, SetupsElicited, EosStatusMessagesReceived, NaksReceived, NaksIgnoredLinger, NaksInvalid,
        Retransmits, RetransmittedBytes, RttmReplies, ErrorFramesReceived, ReceiverTimeouts, Connections,
        ForeignFrames, MalformedDatagrams, ReceiveErrors];

    public override string ToString() => string.Join(' ', All);
}
