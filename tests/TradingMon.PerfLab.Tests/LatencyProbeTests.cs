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
        // At most one sample per 1 ms deadline (every deadline is recorded, none twice); the lower
        // bound is loose because on a loaded VM the thread may start hundreds of ms late.
        Assert.InRange(h.TotalCount, 50, 1100);
        Assert.True(h.GetMaxValue() > 0);
        Assert.Equal(0, probe.BeyondRange);
    }

    [Fact]
    public void A_period_too_short_to_measure_is_refused() =>
        Assert.Throws<TradingMonException>(() => new LatencyProbe(new LatencyProbeOptions(1, 5_000)));
}
