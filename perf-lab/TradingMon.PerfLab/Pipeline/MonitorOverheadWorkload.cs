using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// What watching costs the watched: <c>taskset -c CPU perf bench sched pipe -l LOOPS</c> with nothing
/// attached, under <c>tradingmon monitor</c> (built-in defaults: every source, the default rules, Aeron
/// alerts), and under each compared tool (libbpf-tools' runqlat, the same measurement in bpftrace),
/// each tool confined to the other CPU (<see cref="MonitorTool"/>). Each series is the time every
/// message gained per round: ns/op under the tool minus ns/op unmonitored in the same round.
/// </summary>
/// <remarks>
/// Rounds interleave the variants and rotate their order, so the machine's drift hits all of them
/// alike, and go on until the run's duration is spent (at least <see cref="MinRounds"/>): one sample
/// per round per tool. The per-round difference, not the ratio of medians, is what the gate compares:
/// a round that is slow for everyone cancels out.
/// </remarks>
public sealed class MonitorOverheadWorkload(int cpu, MonitorOverheadSpec spec) : IPipelineWorkload
{
    private const int MinRounds = 3;

    public IReadOnlyDictionary<SeriesId, HistogramBase> Run(long durationNs, TextWriter console)
    {
        int other = PipelineWorkloads.OtherCpu(cpu);
        var tools = spec.Compare.Prepend(PipelineMetrics.TradingMon).ToArray();
        var added = tools.ToDictionary(t => t, _ => (HistogramBase)PipelineWorkloads.NewHistogram());
        var ratios = tools.ToDictionary(t => t, _ => new List<double>());
        var unmonitored = new List<double>();
        PerfBenchPipe.NsPerOp(cpu, Math.Max(1000, spec.Loops / 10)); // warm-up: perf, the page cache
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < MinRounds || clock.Elapsed.Ticks * 100 < durationNs; round++)
        {
            var variants = tools.Prepend("none").ToArray();
            var nsPerOp = new Dictionary<string, double>();
            for (int k = 0; k < variants.Length; k++)
            {
                string v = variants[(k + round) % variants.Length];
                if (v == "none") { nsPerOp[v] = PerfBenchPipe.NsPerOp(cpu, spec.Loops); continue; }
                using var tool = MonitorTool.Start(v, other);
                nsPerOp[v] = PerfBenchPipe.NsPerOp(cpu, spec.Loops);
                if (tool.Stop() is { } loss) console.WriteLine($"  warning: {loss}");
            }
            unmonitored.Add(nsPerOp["none"]);
            foreach (string t in tools)
            {
                added[t].RecordValue((long)Math.Max(0, nsPerOp[t] - nsPerOp["none"]));
                ratios[t].Add(nsPerOp[t] / nsPerOp["none"] - 1);
            }
        }
        double baseNs = Results.Judge.Median(unmonitored);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  overhead on taskset -c {cpu} perf bench sched pipe -l {spec.Loops}, {unmonitored.Count} rounds, unmonitored {baseNs / 1000:0.00} µs/op: ")
            + string.Join(", ", tools.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"{t} +{added[t].GetValueAtPercentile(50)} ns/op ({Results.Judge.Median(ratios[t]) * 100:0.0} %)"))));
        return added.ToDictionary(kv => new SeriesId(PipelineMetrics.Overhead, kv.Key), kv => kv.Value);
    }
}
