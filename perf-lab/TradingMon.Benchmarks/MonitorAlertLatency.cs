using System.Globalization;
using HdrHistogram;
using TradingMon.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Aeron;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Workloads;

namespace TradingMon.Benchmarks;

/// <summary>
/// Alert latency of the whole product: kernel timestamp of the run-queue event that trips the rule →
/// alert decoded by an Aeron subscriber on loopback (CLOCK_MONOTONIC on both ends, the clock
/// bpf_ktime_get_ns uses). The SCHED_FIFO ground-truth hog makes every alert (D = 2 ms on CPU 1, rule
/// "run-queue latency > 1 ms on CPU 1"). Not BenchmarkDotNet: one run, HdrHistogram of every alert.
/// <c>dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- monitor-alert-latency [waits] [low-latency]</c> (root).
/// </summary>
/// <remarks>
/// The workload runs in a child process: the engine excludes its own process from the scheduler probe
/// (so the monitor does not measure itself), and an in-process victim was never measured at all; the
/// few "hog" alerts of earlier runs were other tasks that happened to run right after the hog.
/// Only alerts naming the hog as culprit count: other tasks queued behind it on CPU 1 alert too.
/// "low-latency" runs <see cref="EngineOptions.WithLowLatency"/> with the reader unpinned: both CPUs are
/// taken (CPU 1 by the hog, CPU 0 by its controller and the subscriber). Figures: configs/README.md.
/// </remarks>
public static class MonitorAlertLatency
{
    private const string Channel = "aeron:udp?endpoint=127.0.0.1:40390";
    private const string Rules = """
        { "rules": [ { "id": "runq-cpu1-1ms", "metric": "sched.runq", "select": { "cpus": [1] },
                       "statistic": "value", "threshold": "1ms", "max_alerts_per_second": 100000, "severity": "critical" } ] }
        """;

    public static void Run(int waits, bool lowLatency)
    {
        var options = new EngineOptions { Probes = new Kernel.ProbeOptions { Sources = [Kernel.Probes.ProbeCatalog.Sched] } };
        if (lowLatency) options = options.WithLowLatency(readerCpu: null);
        var rules = RuleFile.Parse(Rules, "bench-rules.json", SystemInventory.Read(), options.Actors);
        int hogTid = 0;
        var latency = new LongHistogram(10_000_000_000, 3);
        // Filled by the subscriber, read after it stopped: (culprit pid, latency) of every alert received.
        var culprits = new int[1 << 20];
        var latencies = new long[1 << 20];
        var detections = new long[1 << 20]; // kernel -> detection (reader, ring, rule); the rest is Aeron
        var toDetect = new LongHistogram(10_000_000_000, 3);
        var toSubscriber = new LongHistogram(10_000_000_000, 3);
        int received = 0;
        using var subscription = AeronSubscription.Open(Channel, 1001);
        using var publication = AeronPublication.Open(Channel, 1001);
        var sink = new AeronAlertSink(publication);
        using var stop = new CancellationTokenSource();
        var subscriber = new Thread(() =>
        {
            LinuxThread.PinCurrentThread(0);
            MessageHandler onAlert = (ReadOnlySpan<byte> message, in MessageHeader _) =>
            {
                long now = LinuxThread.MonotonicNs();
                if (AlertDecoder.TryWrap(message, out var alert) != AlertDecodeResult.Ok) return;
                if (received == culprits.Length) return;
                culprits[received] = alert.CulpritPid;
                detections[received] = alert.DetectionTimestampNs - alert.KernelTimestampNs;
                latencies[received++] = now - alert.KernelTimestampNs;
            };
            while (!stop.IsCancellationRequested)
            {
                if (subscription.Poll(onAlert) == 0) Thread.Yield();
            }
        }) { IsBackground = true, Name = "bench-subscriber" };
        subscriber.Start();

        using (var engine = MonitorEngine.Start(options, rules, sink))
        {
            while (!publication.IsConnected) Thread.Sleep(10);
            hogTid = RunWorkload(holdUs: 2000, waits);
            Thread.Sleep(500);
            engine.Stop();
            var c = engine.Counters();
            Console.WriteLine($"pipeline: kernel dropped {c.KernelDropped}, ring dropped {c.RingDropped}, alerts sent {c.AlertsSent}, aeron refused {sink.Counters}");
        }
        Thread.Sleep(200);
        stop.Cancel();
        subscriber.Join();
        publication.Dispose();
        long hogAlerts = 0, otherAlerts = 0;
        for (int i = 0; i < received; i++)
        {
            // Only the hog's alerts are the workload's; other tasks on a shared machine may alert too.
            if (culprits[i] == hogTid)
            {
                latency.RecordValue(latencies[i]);
                toDetect.RecordValue(Math.Max(0, detections[i]));
                toSubscriber.RecordValue(Math.Max(0, latencies[i] - detections[i]));
                hogAlerts++;
            }
            else otherAlerts++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alert latency kernel -> subscriber over {hogAlerts} hog alerts ({otherAlerts} other): p50 {latency.GetValueAtPercentile(50) / 1000.0:F1} µs, " +
            $"p99 {latency.GetValueAtPercentile(99) / 1000.0:F1} µs, p99.9 {latency.GetValueAtPercentile(99.9) / 1000.0:F1} µs, max {latency.GetMaxValue() / 1000.0:F1} µs; " +
            $"mode {(lowLatency ? "low-latency" : "default")}; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  of which kernel -> detection (reader, ring, rule): p50 {toDetect.GetValueAtPercentile(50) / 1000.0:F1} µs, p99 {toDetect.GetValueAtPercentile(99) / 1000.0:F1} µs; " +
            $"detection -> subscriber (Aeron): p50 {toSubscriber.GetValueAtPercentile(50) / 1000.0:F1} µs, p99 {toSubscriber.GetValueAtPercentile(99) / 1000.0:F1} µs"));
    }

    /// <summary>Runs the hog workload in a child process (this program, "runq-workload"); returns the hog's tid.</summary>
    private static int RunWorkload(int holdUs, int waits)
    {
        string self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(MonitorAlertLatency).Assembly.Location);
        args.AddRange(["runq-workload", holdUs.ToString(CultureInfo.InvariantCulture), waits.ToString(CultureInfo.InvariantCulture)]);
        string output = Workloads.CommandLine.Run(self, [.. args]);
        string line = output.Split('\n').Single(l => l.StartsWith("hog-tid ", StringComparison.Ordinal));
        return int.Parse(line["hog-tid ".Length..], CultureInfo.InvariantCulture);
    }
}
