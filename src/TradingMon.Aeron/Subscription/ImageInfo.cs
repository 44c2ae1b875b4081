namespace TradingMon.Aeron;

/// <summary>A snapshot of one image: one publisher session as this subscription sees it.</summary>
public sealed record ImageInfo(
    int SessionId,
    int StreamId,
    int InitialTermId,
    int TermLength,
    int Mtu,
    string Source,
    long JoinPosition,
    long Position,
    long HighWaterMark)
{
    public override string ToString() =>
        $"image session={SessionId} stream={StreamId} mtu={Mtu} term-length={TermLength} from {Source} position={Position}";
}
