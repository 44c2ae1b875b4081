namespace TradingMon.Ring.Tests;

/// <summary>
/// The test event: producer id, per-producer counter and a checksum of the two (stress tests), plus one
/// field per pipeline stage so a downstream stage can prove the upstream one ran first.
/// </summary>
public struct TestEvent
{
    public int Producer;
    public long Counter;
    public long Checksum;
    public long StageA, StageB, StageC;

    public static long ChecksumOf(int producer, long counter) => (counter * 31 + producer) ^ 0x5bd1e995;
}
