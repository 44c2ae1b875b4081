using HdrHistogram;
using TradingMon.Core;
using TradingMon.Workloads;
using Xunit;

namespace TradingMon.PerfLab.Tests;

public class LatencyProbeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void Records_one_lateness_per_period(int? partnerCpu)
    {
        using var probe = new LatencyProbe(new LatencyProbeOptions(Cpu: 1, PeriodNs: 1_000_000, FifoPriority: 80, PartnerCpu: partnerCpu));
        probe.Start();
        Thread.Sleep(1000);
        var h = probe.Stop();
        // About 1000 deadlines in 1 s; generous bounds, since a busy VM may delay start and stop.
        Assert.InRange(h.TotalCount, 500, 1100);
        Assert.True(h.GetMaxValue() > 0);
        Assert.Equal(0, probe.BeyondRange);
    }

    [Fact]
    public void A_period_too_short_to_measure_is_refused() =>
        Assert.Throws<TradingMonException>(() => new LatencyProbe(new LatencyProbeOptions(1, 5_000)));
}
