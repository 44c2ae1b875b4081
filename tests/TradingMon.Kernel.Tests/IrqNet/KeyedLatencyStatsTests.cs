using TradingMon.Core;
using TradingMon.Kernel.Probes;
using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

public class KeyedLatencyStatsTests
{
    [Fact]
    public void Events_are_kept_per_irq_vector_softirq_and_tx_queue()
    {
        var stats = new KeyedLatencyStats();
        for (int i = 0; i < 3; i++) stats.Record(Vector(cpu: 1, IrqVector.LocalTimer, 10_000));
        stats.Record(Vector(cpu: 0, IrqVector.LocalTimer, 20_000));
        var soft = new KernelEvent { Kind = EventKind.Softirq, Cpu = 1, ValueNs = 5_000 };
        soft.Softirq.Vec = SoftirqVector.NET_RX;
        stats.Record(soft);
        var tx = new KernelEvent { Kind = EventKind.NetTx, Cpu = 1, ValueNs = 800_000 };
        tx.Net.Ifindex = 2;
        tx.Net.Queue = 1;
        tx.Net.Dev = Comm.From("eth0");
        tx.Net.Netns = NetNamespace.Own;
        stats.Record(tx);
        // Same ifindex, queue and name in another network namespace: another queue.
        tx.Net.Netns = NetNamespace.Own + 1;
        stats.Record(tx);
        stats.Record(tx);
        stats.Record(new KernelEvent { Kind = EventKind.Runq, Cpu = 1, ValueNs = 1 }); // not keyed here

        var counts = stats.TakeIntervals().ToDictionary(k => k.Key, k => k.Interval.TotalCount);
        Assert.Equal(new Dictionary<string, long>
        {
            ["cpu1/local_timer"] = 3, ["cpu0/local_timer"] = 1, ["cpu1/NET_RX"] = 1, ["eth0/tx1"] = 1, [$"eth0@ns{NetNamespace.Own + 1}/tx1"] = 2,
        }, counts);
        Assert.All(stats.TakeIntervals(), k => Assert.Equal(0, k.Interval.TotalCount)); // intervals restart
    }

    private static KernelEvent Vector(uint cpu, IrqVector vector, ulong ns)
    {
        var e = new KernelEvent { Kind = EventKind.IrqVector, Cpu = cpu, ValueNs = ns };
        e.Irq.Irq = (uint)vector;
        return e;
    }
}
