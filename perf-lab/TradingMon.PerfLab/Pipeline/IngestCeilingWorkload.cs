using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using HdrHistogram;
using TradingMon.Actors.Rules;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// The ingest ceiling: how many kernel events a second the engine (every source, every interval
/// streamed, reader pinned to the workload's CPU) takes from the kernel into the histograms with
/// nothing dropped. The load is <c>perf bench sched pipe</c>, 1, 2, 4 … <c>max_pairs</c> pairs at
/// once, one step each, stepped up until the kernel ring or the Disruptor ring drops, or the step's
/// rate stops growing (then the machine cannot make more events, and the figure is a floor of the
/// ceiling). One engine serves the whole run; its counters are read every <see cref="Sample"/>.
/// </summary>
/// <remarks>
/// Two series, both "higher is worse" like every gate series:
/// <c>ns-per-event-at-ceiling</c> is the ceiling as a time budget, one sample per interval of the
/// best step with nothing dropped (interval / events streamed in it: 1 µs = 1 M events/s);
/// <c>cpu-ns-per-event</c> is this process's CPU time (CLOCK_PROCESS_CPUTIME_ID: reader, ring
/// consumer, actors, GC) per event, one sample per interval of every clean step: what each event
/// costs the monitor, whatever the load generator manages.
/// </remarks>
public sealed class IngestCeilingWorkload(int cpu, IngestCeilingSpec spec) : IPipelineWorkload
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(250);
    private const string Rules = """
        { "rules": [ { "id": "runq-10ms", "metric": "sched.runq", "statistic": "value", "threshold": "10ms", "severity": "warning" } ] }
        """;

    private sealed record Step(int Pairs, double EventsPerSecond, ulong KernelDropped, long RingDropped, List<(long WallNs, long CpuNs, long Events)> Samples)
    {
        public bool Clean => KernelDropped == 0 && RingDropped == 0;
    }

    public IReadOnlyDictionary<SeriesId, HistogramBase> Run(long durationNs, TextWriter console)
    {
        var pairs = new List<int>();
        for (int p = 1; p <= spec.MaxPairs; p *= 2) pairs.Add(p);
        long stepNs = Math.Max(1_000_000_000, durationNs / pairs.Count);

        var options = new EngineOptions { Probes = new ProbeOptions { RingBytes = spec.RingBytes }, Reader = new ReaderOptions { Cpu = cpu } };
        var rules = RuleFile.Parse(Rules, "ingest-rules.json", SystemInventory.Read(), options.Actors);
        var steps = new List<Step>();
        using var system = ActorSystem.Create("perf-lab-ingest", "akka.loglevel = WARNING");
        using (var engine = MonitorEngine.Start(options, rules, NoAlerts.Instance, system, w => console.WriteLine($"  warning: {w}")))
        {
            foreach (int n in pairs)
            {
                var step = RunStep(engine, n, stepNs);
                steps.Add(step);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ingest: {n} pair(s): {step.EventsPerSecond:F0} events/s streamed, {step.KernelDropped} kernel drops, {step.RingDropped} ring drops"));
                if (!step.Clean) break;
                if (steps.Count > 1 && step.EventsPerSecond < steps.Where(s => s != step).Max(s => s.EventsPerSecond) * 1.05) break;
            }
            engine.Stop();
        }

        var clean = steps.Where(s => s.Clean).ToList();
        // With no clean step at all the first step stands in: its rate counts what the kernel streamed
        // (records lost to a full kernel ring never were); the drops are printed below.
        var best = clean.Count > 0 ? clean.MaxBy(s => s.EventsPerSecond)! : steps[0];
        var atCeiling = PipelineWorkloads.NewHistogram();
        var cpuPerEvent = PipelineWorkloads.NewHistogram();
        foreach (var (wall, _, events) in best.Samples)
            if (events > 0) atCeiling.RecordValue(wall / events);
        foreach (var step in clean.Count > 0 ? clean : [best])
            foreach (var (_, cpuNs, events) in step.Samples)
                if (events > 0) cpuPerEvent.RecordValue(cpuNs / events);

        var last = steps[^1];
        string why = clean.Count == 0 ? $"warning: even 1 pair dropped events ({best.KernelDropped} kernel, {best.RingDropped} ring); the figure counts only what arrived"
            : !last.Clean ? $"drops began at {last.Pairs} pairs"
            : last.Pairs * 2 > spec.MaxPairs && last == best ? $"max_pairs {spec.MaxPairs} reached without a drop: a floor of the ceiling"
            : "the load stopped growing, so this machine cannot make more events: a floor of the ceiling";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ingest ceiling: {best.EventsPerSecond:F0} events/s with nothing dropped at {best.Pairs} pair(s) ({why}); the monitor's CPU per event p50 {cpuPerEvent.GetValueAtPercentile(50)} ns"));
        return new Dictionary<SeriesId, HistogramBase>
        {
            [new(PipelineMetrics.Ingest, PipelineMetrics.NsPerEventAtCeiling)] = atCeiling,
            [new(PipelineMetrics.Ingest, PipelineMetrics.CpuPerEvent)] = cpuPerEvent,
        };
    }

    /// <summary>One load step: <paramref name="pairs"/> perf bench runs for <paramref name="stepNs"/>, sampled every <see cref="Sample"/> after a first settling interval.</summary>
    private static Step RunStep(MonitorEngine engine, int pairs, long stepNs)
    {
        var load = PerfBenchPipe.Start(pairs);
        try
        {
            Thread.Sleep(Sample); // the pairs start, fork and fill their pipes: not yet the step's rate
            var samples = new List<(long, long, long)>();
            var first = engine.Counters();
            var clock = Stopwatch.StartNew();
            var (wall, cpuNs, prev) = (clock.Elapsed.Ticks * 100, LinuxThread.ProcessCpuNs(), first);
            while (clock.Elapsed.Ticks * 100 < stepNs - Sample.Ticks * 100)
            {
                Thread.Sleep(Sample);
                var (nowWall, nowCpu, now) = (clock.Elapsed.Ticks * 100, LinuxThread.ProcessCpuNs(), engine.Counters());
                samples.Add((nowWall - wall, nowCpu - cpuNs, (long)(now.KernelStreamed - prev.KernelStreamed)));
                (wall, cpuNs, prev) = (nowWall, nowCpu, now);
            }
            double seconds = wall / 1e9;
            return new Step(pairs, (prev.KernelStreamed - first.KernelStreamed) / seconds,
                prev.KernelDropped - first.KernelDropped, prev.RingDropped - first.RingDropped, samples);
        }
        finally
        {
            PerfBenchPipe.Stop(load);
        }
    }
}
