namespace TradingMon.Ring.Tests;

/// <summary>A 40-byte event like the benchmarks': producer id, per-producer counter, checksum of the two.</summary>
public struct TestEvent
{
    public int Producer;
    public long Counter;
    public long Checksum;
    public long Pad0, Pad1;

    public static long ChecksumOf(int producer, long counter) => (counter * 31 + producer) ^ 0x5bd1e995;
}
