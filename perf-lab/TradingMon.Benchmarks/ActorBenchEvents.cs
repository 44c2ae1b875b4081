using TradingMon.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Benchmarks;

/// <summary>
/// The actor benchmarks' workload: a mix of every event kind across 2 CPUs, some over the immediate
/// rules' thresholds (so alerts fire and storm control works), plus those rules.
/// </summary>
internal static class ActorBenchEvents
{
    public const string Rules = """
        { "rules": [
          { "id": "runq", "metric": "sched.runq", "select": { "cpus": "all" }, "threshold": "50us", "max_alerts_per_second": 10 },
          { "id": "irq", "metric": "irq.duration", "threshold": "20us", "max_alerts_per_second": 10 },
          { "id": "softirq", "metric": "softirq.duration", "threshold": "40us", "max_alerts_per_second": 10 },
          { "id": "txq", "metric": "net.txq.latency", "threshold": "500us", "max_alerts_per_second": 10 },
          { "id": "softirq-p99", "metric": "softirq.duration", "statistic": "p99", "threshold": "30us", "window": "10s" }
        ] }
        """;

    public static RuleSet LoadRules(MonitorOptions options) =>
        RuleFile.Parse(Rules, "benchmark-rules.json", SystemInventory.Read() with { CpuCount = Math.Max(2, Environment.ProcessorCount) }, options);

    /// <summary>Timestamps advance 1 µs per event, so storm windows reopen as in a 1 M events/s stream.</summary>
    public static KernelEvent[] Mixed(int n, long t0)
    {
        var r = new Random(1);
        var events = new KernelEvent[n];
        for (int i = 0; i < n; i++)
        {
            ref var e = ref events[i];
            e.TsNs = (ulong)(t0 + i * 1000L);
            e.Cpu = (uint)r.Next(2);
            e.Pid = (uint)(1000 + r.Next(64));
            e.Comm = Comm.From("worker");
            switch (i % 8)
            {
                case 0: case 1: case 2: case 3:
                    e.Kind = EventKind.Runq;
                    e.ValueNs = (ulong)r.NextInt64(500, 60_000);
                    e.Runq.CulpritPid = (uint)r.Next(200);
                    e.Runq.CulpritComm = Comm.From("hog");
                    break;
                case 4:
                    e.Kind = EventKind.HardIrq;
                    e.ValueNs = (ulong)r.NextInt64(500, 25_000);
                    e.Irq.Irq = 28;
                    e.Irq.Name = Comm.From("virtio0-input.0");
                    break;
                case 5:
                    e.Kind = EventKind.IrqVector;
                    e.ValueNs = (ulong)r.NextInt64(300, 5_000);
                    e.Irq.Irq = (uint)IrqVector.LocalTimer;
                    break;
                case 6:
                    e.Kind = EventKind.Softirq;
                    e.ValueNs = (ulong)r.NextInt64(500, 50_000);
                    e.AuxNs = (ulong)r.NextInt64(100, 9_000);
                    e.Softirq.Vec = (SoftirqVector)r.Next(10);
                    break;
                default:
                    e.Kind = EventKind.NetTx;
                    e.Cpu = 0;
                    e.ValueNs = (ulong)r.NextInt64(1_000, 600_000);
                    e.AuxNs = (ulong)r.NextInt64(100, 5_000);
                    e.Net.Ifindex = 2;
                    e.Net.Queue = (ushort)r.Next(2);
                    e.Net.Dev = Comm.From("eth0");
                    break;
            }
        }
        return events;
    }
}

/// <summary>Counts alerts, allocation-free.</summary>
internal sealed class CountingAlertSink : IAlertSink
{
    private long _count;
    public long Count => Volatile.Read(ref _count);
    public void Publish(in Alert alert) => Interlocked.Increment(ref _count);
}
