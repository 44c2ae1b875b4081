using System.Diagnostics;
using System.Text.RegularExpressions;
using Akka.Actor;
using HdrHistogram;
using TradingMon.Actors;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Bridge;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Rules;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;
using KernelSource = TradingMon.Kernel.Probes.ProbeSource;

namespace TradingMon.PerfLab.Sources;

/// <summary>
/// Kernel metrics (<c>sched.runq</c>, <c>softirq.duration</c>, <c>net.txq.latency</c>) from the monitor
/// engine itself (src/TradingMon.Engine) running in the perf-lab process: the same eBPF probes, pinned
/// reader, Disruptor ring and actors as <c>tradingmon monitor</c>, so the gate measures with the product.
/// </summary>
/// <remarks>
/// <para>One engine per run, started by <see cref="BeginRun"/> and stopped by <see cref="EndRun"/>: the
/// engine's stop detaches the probes, drains the kernel rings and the Disruptor ring and rotates the
/// actors' interval once, so each key holds exactly one interval with exactly that run's events,
/// with no reset protocol and no drain guess. Only the probe sources the scenario's metrics need are
/// loaded; nothing of the engine stays in the kernel between runs.</para>
/// <para>The engine normally excludes its own process; here the workload (probe, UDP senders) lives in
/// that process, so <see cref="EngineOptions.ExcludeOwnProcess"/> is off. The reader thread is still
/// excluded, and is pinned off the workload's CPU (CPU 0 for a workload on CPU 1) so its polling stays off
/// the CPU under test.</para>
/// <para>Keys are the engine's: <c>cpuN</c> (sched.runq), <c>cpuN/VECTOR</c> (softirq.duration) and
/// <c>DEVICE/txQ</c> (net.txq.latency), where a device in another network namespace is
/// <c>DEVICE@nsINODE</c>: the runner's veth lives in a namespace made per run, so scenarios name it
/// <c>tmnpl0a@ns*/tx0</c>. A sched.runq <c>comm</c> filter becomes the actors' watched-task key
/// <c>comm/^NAME$</c>: that task's waits on whatever CPU they ended. It is reported under the scenario's
/// sched.runq key (<c>cpu1</c>), which the scenario file allows only as <c>cpu*</c> or the workload's
/// CPU: the probe thread is pinned there, so its waits on every CPU are its waits on that CPU.</para>
/// </remarks>
public sealed class EngineSource(Scenario scenario, TextWriter console) : IDisposable
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);
    private readonly EngineOptions _options = OptionsFor(scenario);
    private readonly string? _commKey = CommKey(scenario);
    private ActorSystem? _system;
    private MonitorEngine? _engine;
    private long _startMs;

    /// <summary>The engine source a scenario needs, or null when it records no kernel metric.</summary>
    public static EngineSource? For(Scenario scenario, TextWriter console) =>
        scenario.Metrics.Any(m => SourceOf(m.Name) is not null) ? new EngineSource(scenario, console) : null;

    /// <summary>Starts this run's engine: events from now on are the run's.</summary>
    public void BeginRun()
    {
        var clock = Stopwatch.StartNew();
        // Our own actor system, so its shutdown does not log an INFO line into the gate's output each run.
        _system = ActorSystem.Create("perf-lab", "akka.loglevel = WARNING");
        _engine = MonitorEngine.Start(_options, RuleSet.Empty, NoAlerts.Instance, _system, w => console.WriteLine($"  warning: {w}"));
        _startMs = clock.ElapsedMilliseconds;
    }

    /// <summary>Stops the engine (every event up to now drained into the histograms) and returns the run's series.</summary>
    public IReadOnlyDictionary<SeriesId, HistogramBase> EndRun()
    {
        var engine = _engine!;
        try
        {
            var clock = Stopwatch.StartNew();
            bool drained = engine.Stop();
            var counters = engine.Counters();
            var intervals = engine.Actors.Root.Ask<IntervalSet>(GetIntervals.Instance, QueryTimeout).GetAwaiter().GetResult();
            var bridge = engine.Actors.Handler.Counters;
            ReportLosses(counters, bridge, clock.ElapsedMilliseconds);
            if (!drained) throw new TradingMonException("the monitor engine's ring consumer did not drain at stop; this run's kernel series are incomplete");
            return Series(intervals);
        }
        finally
        {
            Dispose();
        }
    }

    private void ReportLosses(EngineCounters c, BridgeCounters bridge, long stopMs)
    {
        long unkeyed = bridge.Invalid + bridge.KeyTableFull;
        long incomplete = (long)c.KernelDropped + c.ReaderMalformed + c.RingDropped + unkeyed;
        long lost = incomplete + (long)c.KernelLost;
        console.WriteLine($"  kernel metrics (engine, start {_startMs} ms, stop {stopMs} ms): {c.Recorded} events, {lost} lost "
            + $"({c.KernelDropped} kernel ring full, {c.KernelLost} not measurable in kernel, {c.RingDropped} Disruptor ring full, "
            + $"{c.ReaderMalformed} malformed, {unkeyed} without a key)");
        if (incomplete > 0) console.WriteLine("  warning: the engine dropped events; this run's kernel series are incomplete");
    }

    /// <summary>Each key's one interval as an HdrHistogram; the comm watch stands in for the sched.runq CPU keys.</summary>
    private Dictionary<SeriesId, HistogramBase> Series(IntervalSet intervals)
    {
        var series = new Dictionary<SeriesId, HistogramBase>();
        foreach (var key in intervals.Keys)
        {
            if (key.Intervals.Count == 0) continue;
            string metric = key.Metric.Name();
            if (key.Metric == Metric.RunqLatency && _commKey is not null)
            {
                if (key.Key != _commKey) continue;
                foreach (var spec in scenario.Metrics.Where(m => m.Name == metric)) series[new SeriesId(metric, spec.Key)] = ToHdr(key.Intervals);
            }
            else if (!key.Key.StartsWith("comm/", StringComparison.Ordinal))
            {
                series[new SeriesId(metric, key.Key)] = ToHdr(key.Intervals);
            }
        }
        return series;
    }

    private static LongHistogram ToHdr(IReadOnlyList<SparseHistogram> intervals)
    {
        var h = new LongHistogram(1, LatencyProbeOptions.HighestTrackableNs, MonitorOptions.SignificantDigits);
        foreach (var s in intervals)
            for (int i = 0; i < s.NonZeroBuckets; i++)
                h.RecordValueWithCount(Math.Min(s.Layout.ValueAt(s.Indices[i]), LatencyProbeOptions.HighestTrackableNs), s.Counts[i]);
        return h;
    }

    private static KernelSource? SourceOf(string metric) => metric switch
    {
        "sched.runq" => ProbeCatalog.Sched,
        "softirq.duration" => ProbeCatalog.Softirq,
        "net.txq.latency" => ProbeCatalog.Net,
        _ => null,
    };

    private static string? CommPattern(Scenario scenario) =>
        scenario.Metrics.FirstOrDefault(m => m.Name == "sched.runq")?.Comm is { } comm ? $"^{Regex.Escape(comm)}$" : null;

    private static string? CommKey(Scenario scenario) => CommPattern(scenario) is { } p ? "comm/" + p : null;

    private static EngineOptions OptionsFor(Scenario scenario)
    {
        var sources = scenario.Metrics.Select(m => SourceOf(m.Name)).OfType<KernelSource>().Distinct().ToArray();
        int? readerCpu = Environment.ProcessorCount < 2 ? null : scenario.Workload.Cpu == 0 ? 1 : 0;
        return new EngineOptions
        {
            Probes = new ProbeOptions { Sources = sources },
            ExcludeOwnProcess = false,
            Reader = new ReaderOptions { Cpu = readerCpu },
            Actors = new MonitorOptions
            {
                // No timer: the engine's stop rotates once, so each key holds the whole run as one interval.
                ScheduleTicks = false,
                HighestTrackableNs = LatencyProbeOptions.HighestTrackableNs,
                WatchedComms = CommPattern(scenario) is { } p ? [p] : [],
            },
        };
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
        _system?.Terminate().Wait(TimeSpan.FromSeconds(10));
        _system = null;
    }
}
