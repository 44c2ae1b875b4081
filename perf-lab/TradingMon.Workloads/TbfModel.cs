namespace TradingMon.Workloads;

/// <summary>
/// When a token bucket (tc tbf, rate R bits/s, burst B bytes) lets packets go. L is the frame
/// length tbf charges: the frame at the device, Ethernet header included.
/// </summary>
/// <remarks>
/// Back-to-back packets arriving at t0 on a full bucket leave at t0 + max(0, ((i+1)·L − B)·8/R)
/// (<see cref="DepartureNs"/>; measured/expected was 1.000–1.015 here). <see cref="Departures"/>
/// runs the same bucket for real arrival times, so a gap in the burst (a sender preempted, a JIT
/// pause) refills tokens exactly as tbf does instead of breaking the comparison.
/// </remarks>
public readonly record struct TbfModel(long RateBitsPerSecond, int BurstBytes)
{
    /// <summary>Departure of back-to-back packet <paramref name="index"/> (from 0) after t0, ns.</summary>
    public long DepartureNs(int index, int frameBytes)
    {
        long excessBytes = (long)(index + 1) * frameBytes - BurstBytes;
        return excessBytes <= 0 ? 0 : BytesToNs(excessBytes);
    }

    /// <summary>
    /// Departure times (ns, same clock) of packets enqueued at <paramref name="enqueueNs"/> (in
    /// order), starting from a full bucket: each leaves once it has arrived, the previous one has
    /// left (FIFO) and the bucket holds its L bytes of tokens.
    /// </summary>
    public long[] Departures(ReadOnlySpan<long> enqueueNs, int frameBytes)
    {
        var departures = new long[enqueueNs.Length];
        double tokens = BurstBytes; // bytes
        long clock = enqueueNs.IsEmpty ? 0 : enqueueNs[0];
        for (int i = 0; i < enqueueNs.Length; i++)
        {
            long t = Math.Max(enqueueNs[i], i == 0 ? enqueueNs[0] : departures[i - 1]);
            tokens = Math.Min(BurstBytes, tokens + (t - clock) * RateBitsPerSecond / 8e9);
            if (tokens < frameBytes)
            {
                t += BytesToNs(frameBytes - tokens);
                tokens = frameBytes;
            }
            tokens -= frameBytes;
            clock = t;
            departures[i] = t;
        }
        return departures;
    }

    private long BytesToNs(double bytes) => (long)Math.Ceiling(bytes * 8e9 / RateBitsPerSecond);
}
