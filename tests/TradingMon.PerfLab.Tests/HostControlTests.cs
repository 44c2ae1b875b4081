using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;
using Xunit;

namespace TradingMon.PerfLab.Tests;

/// <summary>Where the host control runs, and when it calls the host noisier than at baseline.</summary>
public class HostControlTests
{
    private static Scenario With(WorkloadSpec workload, params NoiseSpec[] noise) =>
        new("s", "s.json", "", "s", 1_000_000_000, 1_000_000_000, null, workload, noise, []);

    [Fact]
    public void The_control_takes_the_lowest_cpu_the_scenario_leaves_alone()
    {
        var probeOn2 = new WorkloadSpec("latency-probe", 2, 1_000_000, 80, PartnerCpu: 0);
        Assert.Equal(3, HostControl.CpuFor(With(probeOn2, new FifoHogNoise(1, 1, 2, 50)), cpuCount: 4));
        Assert.Equal(1, HostControl.CpuFor(With(probeOn2), cpuCount: 4));
    }

    [Fact]
    public void On_two_cpus_the_control_shares_a_busy_cpu_but_never_the_probes()
    {
        var pingPong = new WorkloadSpec("latency-probe", 1, 1_000_000, 80, PartnerCpu: 0);
        Assert.Equal(0, HostControl.CpuFor(With(pingPong, new FifoHogNoise(1, 1, 2, 50)), cpuCount: 2));
        Assert.Null(HostControl.CpuFor(With(new WorkloadSpec("latency-probe", 0, 1_000_000, 0, null)), cpuCount: 1));
    }

    [Fact]
    public void A_chosen_control_cpu_is_used_as_given()
    {
        var workload = new WorkloadSpec("latency-probe", 1, 1_000_000, 80, PartnerCpu: null, ControlCpu: 2);
        Assert.Equal(2, HostControl.CpuFor(With(workload), cpuCount: 4));
    }

    private static SeriesSummary Control(double p90, double p99) =>
        new(HostControl.Metric, "cpu0", 1400, [1400], new Dictionary<string, double> { ["p90"] = p90, ["p99"] = p99 },
            new Dictionary<string, double[]> { ["p90"] = [p90], ["p99"] = [p99] }, []);

    private static BaselineFile Baseline(params SeriesSummary[] series) =>
        new("s", DateTime.UtcNow, "host", "6.18", 5, 2, false, series);

    [Fact]
    public void A_control_as_quiet_as_at_baseline_is_not_noisier()
    {
        Assert.Null(HostNoise.Read(Baseline(Control(50_000, 200_000)), [Control(60_000, 290_000)]).Noisier);
        // Small absolute moves are not noise worth setting a set aside for, whatever the ratio.
        Assert.Null(HostNoise.Read(Baseline(Control(5_000, 10_000)), [Control(12_000, 25_000)]).Noisier);
    }

    [Fact]
    public void A_control_whose_p90_or_p99_moved_is_noisier_and_says_by_how_much()
    {
        string? p90 = HostNoise.Read(Baseline(Control(130_000, 900_000)), [Control(1_000_000, 900_000)]).Noisier;
        Assert.NotNull(p90);
        Assert.Contains("host.control cpu0 p90", p90);
        Assert.Contains("7.69x", p90);
        Assert.NotNull(HostNoise.Read(Baseline(Control(50_000, 200_000)), [Control(50_000, 500_000)]).Noisier);
    }

    [Fact]
    public void Without_a_control_on_either_side_nothing_is_excused()
    {
        Assert.Null(HostNoise.Read(Baseline(), [Control(1_000_000, 5_000_000)]).Noisier);
        Assert.Null(HostNoise.Read(Baseline(Control(50_000, 200_000)), []).Noisier);
    }

    [Fact]
    public void The_noise_level_is_the_controls_worst_ratio_and_one_without_a_control()
    {
        Assert.Equal(4.0, HostNoise.Read(Baseline(Control(100_000, 1_000_000)), [Control(400_000, 2_000_000)]).Level, 6);
        Assert.Equal(1.0, HostNoise.Read(Baseline(Control(100_000, 1_000_000)), [Control(50_000, 500_000)]).Level, 6);
        Assert.Equal(1.0, HostNoise.Read(Baseline(), [Control(400_000, 2_000_000)]).Level, 6);
    }
}
