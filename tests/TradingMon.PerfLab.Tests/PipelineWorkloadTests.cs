using HdrHistogram;
using TradingMon.PerfLab.Pipeline;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.PerfLab.Tests;

/// <summary>
/// The pipeline workloads on the real kernel, shortened: each figure they record comes from events the
/// eBPF probes saw (with the probes off there are no alerts, no events and no samples, and these fail).
/// </summary>
public sealed class PipelineWorkloadTests(ITestOutputHelper output)
{
    private static HistogramBase Series(IReadOnlyDictionary<SeriesId, HistogramBase> run, string metric, string key) =>
        run[new SeriesId(metric, key)];

    [Fact]
    public void Every_hog_wait_reaches_the_Aeron_subscriber_as_one_alert()
    {
        var workload = new AlertLatencyWorkload(1, new AlertLatencySpec(HoldNs: 2_000_000, ThresholdNs: 1_000_000));
        const long duration = 1_500_000_000;
        var console = new StringWriter();
        var run = workload.Run(duration, console);
        output.WriteLine(console.ToString());

        int waits = workload.WaitsFor(duration);
        var total = Series(run, PipelineMetrics.AlertLatency, PipelineMetrics.KernelToSubscriber);
        var toDetection = Series(run, PipelineMetrics.AlertLatency, PipelineMetrics.KernelToDetection);
        var afterDetection = Series(run, PipelineMetrics.AlertLatency, PipelineMetrics.DetectionToSubscriber);
        // Each wait is one run-queue event of ~2 ms > 1 ms for tm-victim: one alert. A few waits may be
        // lost in the kernel (counted; see SchedGroundTruthTests), or doubled by a stray wait of the victim.
        Assert.InRange(total.TotalCount, (long)(waits * 0.9), (long)(waits * 1.1));
        Assert.Equal(total.TotalCount, toDetection.TotalCount);
        Assert.Equal(total.TotalCount, afterDetection.TotalCount);
        // The halves split the whole at the detection timestamp: neither exceeds it.
        Assert.True(toDetection.GetValueAtPercentile(50) <= total.GetValueAtPercentile(50) * 1.01);
        Assert.True(afterDetection.GetValueAtPercentile(50) <= total.GetValueAtPercentile(50) * 1.01);
        // An alert cannot arrive before its event, nor (on a sane run) seconds after it.
        Assert.InRange(total.GetValueAtPercentile(50), 1, 1_000_000_000);
    }

    [Fact]
    public void The_ingest_ceiling_is_measured_from_streamed_kernel_events()
    {
        var console = new StringWriter();
        var run = new IngestCeilingWorkload(0, new IngestCeilingSpec(MaxPairs: 2, RingBytes: 4 << 20)).Run(3_000_000_000, console);
        output.WriteLine(console.ToString());

        var atCeiling = Series(run, PipelineMetrics.Ingest, PipelineMetrics.NsPerEventAtCeiling);
        var cpu = Series(run, PipelineMetrics.Ingest, PipelineMetrics.CpuPerEvent);
        Assert.True(atCeiling.TotalCount >= 3, $"{atCeiling.TotalCount} samples at the ceiling");
        Assert.True(cpu.TotalCount >= atCeiling.TotalCount);
        // perf bench sched pipe makes tens to hundreds of thousands of events a second here: 1-100 µs each.
        Assert.InRange(atCeiling.GetValueAtPercentile(50), 1_000, 100_000);
        Assert.InRange(cpu.GetValueAtPercentile(50), 1, 100_000);
        Assert.Contains("ingest ceiling:", console.ToString());
    }

    [Fact]
    public void Overhead_is_recorded_per_round_for_tradingmon_and_each_compared_tool()
    {
        var console = new StringWriter();
        var run = new MonitorOverheadWorkload(1, new MonitorOverheadSpec(Loops: 5000, Compare: PipelineMetrics.ComparedTools)).Run(1_000_000_000, console);
        output.WriteLine(console.ToString());

        foreach (string tool in PipelineMetrics.ComparedTools.Prepend(PipelineMetrics.TradingMon))
            Assert.Equal(3, Series(run, PipelineMetrics.Overhead, tool).TotalCount); // the minimum of 3 rounds: the 1 s ran out first
        Assert.Contains("overhead on taskset -c 1 perf bench sched pipe -l 5000, 3 rounds", console.ToString());
    }
}
