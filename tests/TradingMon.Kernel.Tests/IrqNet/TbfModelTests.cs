using TradingMon.Workloads;
using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

public class TbfModelTests
{
    private static readonly TbfModel Model = new(RateBitsPerSecond: 10_000_000, BurstBytes: 4000);

    [Fact]
    public void Burst_leaves_at_once_then_one_frame_time_apart()
    {
        Assert.Equal(0, Model.DepartureNs(3, 1000));       // 4 x 1000 bytes fit the 4000-byte bucket
        Assert.Equal(800_000, Model.DepartureNs(4, 1000)); // 1000 bytes at 10 Mbit/s = 800 us
        Assert.Equal(1_600_000, Model.DepartureNs(5, 1000));
    }

    [Theory]
    [InlineData(1000, 20)]
    [InlineData(500, 50)]
    public void Simulation_of_back_to_back_arrivals_equals_the_closed_form(int frame, int count)
    {
        const long t0 = 5_000_000_000;
        var enqueue = Enumerable.Repeat(t0, count).ToArray();
        var departures = Model.Departures(enqueue, frame);
        for (int i = 0; i < count; i++)
            Assert.InRange(departures[i] - t0, Model.DepartureNs(i, frame) - 1, Model.DepartureNs(i, frame) + 1);
    }

    [Fact]
    public void A_gap_in_the_arrivals_refills_the_bucket()
    {
        // Bucket emptied by 4 packets at t=0; the 5th arrives 2 ms later: 2 ms = 2500 bytes of tokens >= 1000.
        long[] enqueue = [0, 0, 0, 0, 2_000_000];
        Assert.Equal(2_000_000, Model.Departures(enqueue, 1000)[4]);
    }
}
