using System.Globalization;
using Akka.Actor;
using HdrHistogram;
using TradingMon.Actors.Rules;
using TradingMon.Aeron;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// Alert latency of the whole product: from the kernel timestamp of the run-queue event that trips a
/// rule to the alert decoded by an Aeron subscriber on loopback (both ends on CLOCK_MONOTONIC, the
/// clock bpf_ktime_get_ns reads). The run-queue ground truth makes the events: a SCHED_FIFO hog
/// holds the CPU for <c>hold</c> while a woken victim (<c>tm-victim</c>) waits behind it, so each
/// wait trips "run-queue latency of tm-victim above <c>threshold</c>" exactly once (the victim is
/// pinned to the hog's CPU, so selecting it by name selects that CPU's waits).
/// </summary>
/// <remarks>
/// The engine is the product's (sched source, reader pinned to the other CPU, Disruptor ring,
/// actors' immediate rule, <see cref="AeronAlertSink"/>), in this process with
/// <see cref="EngineOptions.ExcludeOwnProcess"/> off: the victim and hog are threads here. The
/// subscriber is this repository's Aeron subscription, polling on the other CPU. Each alert carries
/// its detection timestamp (taken when the rule fired), which splits the latency into kernel →
/// detection (BPF ring, reader, Disruptor ring, rule) and detection → subscriber (encode, Aeron
/// publication, UDP loopback, subscription, decode).
/// </remarks>
public sealed class AlertLatencyWorkload(int cpu, AlertLatencySpec spec) : IPipelineWorkload
{
    /// <summary>A port of its own, so a running <c>tradingmon monitor</c> (40123 by default) does not collide.</summary>
    private const string Channel = "aeron:udp?endpoint=127.0.0.1:40395";
    private const int StreamId = 1001;
    private const string Victim = "tm-victim";
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(2);

    public IReadOnlyDictionary<SeriesId, HistogramBase> Run(long durationNs, TextWriter console)
    {
        int other = PipelineWorkloads.OtherCpu(cpu);
        var options = new EngineOptions
        {
            Probes = new ProbeOptions { Sources = [ProbeCatalog.Sched] },
            ExcludeOwnProcess = false,
            Reader = new ReaderOptions { Cpu = other },
        };
        if (spec.LowLatency) options = options.WithLowLatency(readerCpu: other);
        var rules = RuleFile.Parse(RulesJson(), "alert-latency-rules.json", SystemInventory.Read(), options.Actors);
        int waits = WaitsFor(durationNs);

        var subscriber = new AlertSubscriber(other, Channel, StreamId);
        using var publication = AeronPublication.Open(Channel, StreamId);
        var sink = new AeronAlertSink(publication);
        using var system = ActorSystem.Create("perf-lab-alerts", "akka.loglevel = WARNING");
        RunqGroundTruthResult truth;
        EngineCounters counters;
        using (subscriber)
        {
            subscriber.Start();
            using (var engine = MonitorEngine.Start(options, rules, sink, system, w => console.WriteLine($"  warning: {w}")))
            {
                WaitConnected(publication);
                truth = new RunqGroundTruth { Cpu = cpu, ControllerCpu = other, VictimName = Victim, Gap = Gap }
                    .Run(TimeSpan.FromTicks(spec.HoldNs / 100), waits);
                engine.Stop();
                counters = engine.Counters();
            }
            // The last alerts are in flight on loopback for microseconds; give the subscriber a moment.
            Thread.Sleep(200);
        }

        var toSubscriber = PipelineWorkloads.NewHistogram();
        var toDetection = PipelineWorkloads.NewHistogram();
        var afterDetection = PipelineWorkloads.NewHistogram();
        int fromHog = 0;
        foreach (var a in subscriber.Received)
        {
            toSubscriber.RecordValue(Math.Max(0, a.ReceivedNs - a.KernelNs));
            toDetection.RecordValue(Math.Max(0, a.DetectedNs - a.KernelNs));
            afterDetection.RecordValue(Math.Max(0, a.ReceivedNs - a.DetectedNs));
            if (a.CulpritPid == truth.HogTid) fromHog++;
        }
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  alert latency: {subscriber.Received.Count} alerts for {waits} hog waits of {Quantity.FormatNs(spec.HoldNs)} ({fromHog} naming the hog), kernel -> subscriber p50 {Quantity.FormatNs(toSubscriber.GetValueAtPercentile(50))}, p99 {Quantity.FormatNs(toSubscriber.GetValueAtPercentile(99))}, p99.9 {Quantity.FormatNs(toSubscriber.GetValueAtPercentile(99.9))}; "
            + $"engine: {counters.KernelDropped} kernel drops, {counters.RingDropped} ring drops, {counters.AlertsSent} alerts sent, Aeron {sink.Counters}; "
            + $"{subscriber.Undecodable} messages the subscriber could not decode"));
        if (subscriber.Received.Count < waits / 2)
            console.WriteLine($"  warning: only {subscriber.Received.Count} alerts reached the subscriber for {waits} waits; see the engine's counters above");
        return new Dictionary<SeriesId, HistogramBase>
        {
            [new(PipelineMetrics.AlertLatency, PipelineMetrics.KernelToSubscriber)] = toSubscriber,
            [new(PipelineMetrics.AlertLatency, PipelineMetrics.KernelToDetection)] = toDetection,
            [new(PipelineMetrics.AlertLatency, PipelineMetrics.DetectionToSubscriber)] = afterDetection,
        };
    }

    /// <summary>How many hog waits a run of <paramref name="durationNs"/> makes: the ground truth spends about hold + gap + 1 ms of bookkeeping on each.</summary>
    public int WaitsFor(long durationNs) => (int)Math.Max(10, durationNs / (spec.HoldNs + Gap.Ticks * 100 + 1_000_000));

    private string RulesJson() => string.Create(CultureInfo.InvariantCulture, $$"""
        { "rules": [ { "id": "perf-lab-alert-latency", "metric": "sched.runq",
                       "select": { "comm": "^{{Victim}}$" },
                       "statistic": "value", "threshold": "{{spec.ThresholdNs}}ns",
                       "max_alerts_per_second": 100000, "severity": "critical" } ] }
        """);

    /// <summary>The publication sends nothing until the subscriber's status message arrives (Aeron's flow control).</summary>
    private static void WaitConnected(AeronPublication publication)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!publication.IsConnected)
        {
            if (DateTime.UtcNow > deadline) throw new TradingMonException($"the Aeron subscriber on {Channel} did not connect within 10 s (is the port taken?)");
            Thread.Sleep(10);
        }
    }
}
