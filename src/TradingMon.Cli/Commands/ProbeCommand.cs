using System.CommandLine;
using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;

namespace TradingMon.Cli.Commands;

/// <summary>
/// `tradingmon probe`: attaches every probe and prints, once a second, per source and CPU: intervals
/// the kernel saw (k-seen), events streamed to us, kernel ring drops and p50/p99/max of the streamed
/// events (all of them unless --min-latency keeps the short ones in the kernel). The first thing to
/// run on a new machine: it proves the kernel side works.
/// </summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var duration = new Option<string>("--duration") { Description = "how long to watch (e.g. 5s, 1m)", DefaultValueFactory = _ => "5s" };
        var cpus = new Option<string?>("--cpus") { Description = "CPUs to watch, e.g. 0-1 or 1,3 (default: all)" };
        var sources = new Option<string?>("--sources") { Description = "probe sources, comma-separated: sched,irq,softirq,net (default: all)" };
        var ringBytes = new Option<uint>("--ring-bytes") { Description = "size of each kernel ring buffer (power of two)", DefaultValueFactory = _ => 4u << 20 };
        var readerCpu = new Option<int?>("--reader-cpu") { Description = "CPU to pin the ring reader to (default: not pinned)" };
        var minLatency = new Option<string>("--min-latency") { Description = "stream only intervals at least this long (e.g. 20us); shorter ones are counted in the kernel", DefaultValueFactory = _ => "0ns" };
        var cmd = new Command("probe", "attach the kernel probes and print per-source, per-CPU figures once a second") { duration, cpus, sources, ringBytes, readerCpu, minLatency };
        cmd.SetAction(r => Run(
            DurationText.Parse(r.GetValue(duration)!, "--duration"),
            r.GetValue(cpus) is { } c ? CpuList.Parse(c) : null,
            r.GetValue(sources) is { } s ? s.Split(',').Select(ProbeCatalog.ByName).ToArray() : ProbeCatalog.All,
            r.GetValue(ringBytes),
            r.GetValue(readerCpu),
            (ulong)(DurationText.Parse(r.GetValue(minLatency)!, "--min-latency").Ticks * 100)));
        return cmd;
    }

    private static int Run(TimeSpan duration, IReadOnlyList<int>? cpus, IReadOnlyList<ProbeSource> sources, uint ringBytes, int? readerCpu, ulong minLatencyNs)
    {
        var options = new ProbeOptions { Sources = sources, Cpus = cpus, RingBytes = ringBytes, ExcludeTgid = Environment.ProcessId, MinLatencyNs = minLatencyNs };
        using var probes = KernelProbes.Load(options, w => Console.Error.WriteLine($"tradingmon probe: warning: {w}"));
        int ncpu = Environment.ProcessorCount;
        var sink = new ProbeStatsSink(ncpu);
        using var reader = new RingReader<ProbeStatsSink>(probes, sink, new ReaderOptions { Cpu = readerCpu });
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        reader.Start();
        Console.WriteLine($"tradingmon probe: {probes.Probes.Count} sources attached ({string.Join(", ", probes.Probes.Select(p => p.Source.Name))}), reader tid {reader.Tid}");
        var start = DateTime.UtcNow;
        var last = new Dictionary<string, ProbeCounters[]>();
        for (int second = 1; !stop.IsCancellationRequested && DateTime.UtcNow - start < duration; second++)
        {
            var remaining = duration - (DateTime.UtcNow - start);
            stop.Token.WaitHandle.WaitOne(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1));
            Print(second, probes, sink, last, cpus ?? Enumerable.Range(0, ncpu).ToArray(), reader.Refused);
        }
        reader.Stop();
        return 0;
    }

    private static void Print(int second, KernelProbes probes, ProbeStatsSink sink, Dictionary<string, ProbeCounters[]> last, IReadOnlyList<int> cpus, long userDrops)
    {
        Console.WriteLine($"--- t={second}s   {"source",-8} {"cpu",3} {"k-seen",9} {"events",9} {"k-drops",8} {"k-lost",7} {"p50_us",9} {"p99_us",9} {"max_us",9}");
        foreach (var p in probes.Probes)
        {
            int s = Array.IndexOf(ProbeStatsSink.SourceNames, p.Source.Name);
            var now = p.CountersPerCpu();
            last.TryGetValue(p.Source.Name, out var before);
            foreach (int cpu in cpus)
            {
                var h = sink.TakeInterval(s, cpu);
                ulong drops = now[cpu].Dropped - (before?[cpu].Dropped ?? 0);
                ulong seen = now[cpu].Seen - (before?[cpu].Seen ?? 0);
                ulong lost = now[cpu].Lost - (before?[cpu].Lost ?? 0);
                Console.WriteLine($"             {p.Source.Name,-8} {cpu,3} {seen,9} {h.TotalCount,9} {drops,8} {lost,7} {Us(h, 50),9:F1} {Us(h, 99),9:F1} {HdrHistogram.HistogramExtensions.GetMaxValue(h) / 1000.0,9:F1}");
            }
            last[p.Source.Name] = now;
            if (p.Source == ProbeCatalog.Net) PrintNapi(p, sink, cpus);
        }
        if (userDrops > 0) Console.WriteLine($"             user-space drops (sink refused): {userDrops}");
        PrintKeys(sink.Keys);
    }

    /// <summary>
    /// NAPI polls are work counts, not latencies: the busiest instances from the kernel's table (totals
    /// since start), and per CPU the polls that used their whole budget (streamed as they happen).
    /// </summary>
    private static void PrintNapi(LoadedProbe net, ProbeStatsSink sink, IReadOnlyList<int> cpus)
    {
        const int Top = 4;
        foreach (var (key, st) in NetTableReader.NapiStats(net).OrderByDescending(n => n.Stats.Polls).Take(Top))
        {
            string name = $"{NetNamespace.QualifiedDevice(st.Dev.ToString(), key.Netns)}/napi{key.NapiId}";
            Console.WriteLine($"             {name,-28} polls {st.Polls}, packets {st.Work}, budget exhausted {st.Exhausted} (since start)");
        }
        Console.WriteLine($"             napi budget exhausted per cpu (since start): {string.Join(", ", cpus.Select(c => $"cpu{c} {sink.NapiBudgetExhausted(c)}"))}");
        var (rxLost, napiLost) = NetTableReader.KeysLost(net);
        if (rxLost + napiLost > 0) Console.WriteLine($"             net table keys refused (tables full): rx {rxLost}, napi {napiLost}");
    }

    /// <summary>The busiest interrupt and NIC-queue keys of the last second: cpu1/NET_RX, cpu0/virtio0-input.0, eth0/tx0.</summary>
    private static void PrintKeys(KeyedLatencyStats keys)
    {
        const int Top = 12;
        var busiest = keys.TakeIntervals().Where(k => k.Interval.TotalCount > 0).OrderByDescending(k => k.Interval.TotalCount).Take(Top);
        foreach (var (key, h) in busiest)
            Console.WriteLine($"             {key,-28} {h.TotalCount,9} {"",8} {"",7} {Us(h, 50),9:F1} {Us(h, 99),9:F1} {HdrHistogram.HistogramExtensions.GetMaxValue(h) / 1000.0,9:F1}");
        if (keys.Overflow > 0) Console.WriteLine($"             keys beyond {KeyedLatencyStats.Capacity} not shown: {keys.Overflow} events");
    }

    private static double Us(HdrHistogram.HistogramBase h, double pct) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(pct) / 1000.0;
}
