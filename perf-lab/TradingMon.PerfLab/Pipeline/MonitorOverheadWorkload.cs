using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using HdrHistogram;
using TradingMon.Actors.Rules;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// What watching costs the watched: <c>taskset -c CPU perf bench sched pipe -l LOOPS</c> with nothing
/// attached, under TradingMon's engine (every source, reader pinned to the other CPU, a run-queue rule:
/// the monitor as deployed, in this process), and under each compared tool (libbpf-tools' runqlat,
/// the same measurement in bpftrace), also on the other CPU. Each series is the time every message
/// gained per round: ns/op under the tool minus ns/op unmonitored in the same round.
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
    private const string Rules = """
        { "rules": [ { "id": "runq-10ms", "metric": "sched.runq", "statistic": "value", "threshold": "10ms", "severity": "warning" } ] }
        """;

    public IReadOnlyDictionary<SeriesId, HistogramBase> Run(long durationNs, TextWriter console)
    {
        int other = PipelineWorkloads.OtherCpu(cpu);
        var tools = spec.Compare.Prepend(PipelineMetrics.TradingMon).ToArray();
        var added = tools.ToDictionary(t => t, _ => (HistogramBase)PipelineWorkloads.NewHistogram());
        var ratios = tools.ToDictionary(t => t, _ => new List<double>());
        var unmonitored = new List<double>();
        PerfBenchPipe.NsPerOp(cpu, Math.Max(1000, spec.Loops / 10)); // warm-up: perf, the page cache
        var clock = Stopwatch.StartNew();
        var warned = new HashSet<string>(); // the engine's start warnings (a missing tracepoint) once, not every round
        Action<string> warn = w => { if (warned.Add(w)) console.WriteLine($"  warning: {w}"); };
        for (int round = 0; round < MinRounds || clock.Elapsed.Ticks * 100 < durationNs; round++)
        {
            var variants = tools.Prepend("none").ToArray();
            var nsPerOp = new Dictionary<string, double>();
            for (int k = 0; k < variants.Length; k++)
            {
                string v = variants[(k + round) % variants.Length];
                using (Attach(v, other, warn, console)) nsPerOp[v] = PerfBenchPipe.NsPerOp(cpu, spec.Loops);
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

    private static IDisposable? Attach(string variant, int readerCpu, Action<string> warn, TextWriter console) => variant switch
    {
        "none" => null,
        PipelineMetrics.TradingMon => new EngineAttached(readerCpu, warn, console),
        _ => MonitorTool.Start(variant, readerCpu),
    };

    /// <summary>TradingMon's engine, every source, for one measurement; its losses are printed so none goes unseen.</summary>
    private sealed class EngineAttached : IDisposable
    {
        private readonly ActorSystem _system = ActorSystem.Create("perf-lab-overhead", "akka.loglevel = WARNING");
        private readonly MonitorEngine _engine;
        private readonly TextWriter _console;

        public EngineAttached(int readerCpu, Action<string> warn, TextWriter console)
        {
            _console = console;
            var options = new EngineOptions { Probes = new ProbeOptions { Sources = ProbeCatalog.All }, Reader = new ReaderOptions { Cpu = readerCpu } };
            var rules = RuleFile.Parse(Rules, "overhead-rules.json", SystemInventory.Read(), options.Actors);
            _engine = MonitorEngine.Start(options, rules, NoAlerts.Instance, _system, warn);
        }

        public void Dispose()
        {
            _engine.Stop();
            var c = _engine.Counters();
            if (c.KernelDropped > 0 || c.RingDropped > 0)
                _console.WriteLine($"  warning: the engine dropped events under the overhead load ({c.KernelDropped} kernel ring full, {c.RingDropped} Disruptor ring full)");
            _engine.Dispose();
            _system.Terminate().Wait(TimeSpan.FromSeconds(10));
            _system.Dispose();
        }
    }
}
