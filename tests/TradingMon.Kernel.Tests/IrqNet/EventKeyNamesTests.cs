using TradingMon.Core;
using TradingMon.Kernel.Probes;
using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

public class EventKeyNamesTests
{
    [Fact]
    public void Keys_read_as_a_latency_engineer_writes_them()
    {
        var irq = new KernelEvent { Kind = EventKind.HardIrq, Cpu = 0 };
        irq.Irq.Irq = 24;
        irq.Irq.Name = Comm.From("virtio0-input.0");
        Assert.Equal("cpu0/virtio0-input.0", EventKeyNames.Format(irq));

        var vec = new KernelEvent { Kind = EventKind.IrqVector, Cpu = 1 };
        vec.Irq.Irq = (uint)IrqVector.CallFunctionSingle;
        vec.Irq.Name = Comm.From("call_func_single");
        Assert.Equal("cpu1/call_function_single", EventKeyNames.Format(vec));

        vec.Irq.Irq = (uint)IrqVector.Other;
        vec.Irq.Name = Comm.From("thermal_apic");
        Assert.Equal("cpu1/thermal_apic", EventKeyNames.Format(vec));

        var soft = new KernelEvent { Kind = EventKind.Softirq, Cpu = 1 };
        soft.Softirq.Vec = SoftirqVector.NET_RX;
        Assert.Equal("cpu1/NET_RX", EventKeyNames.Format(soft));

        var tx = new KernelEvent { Kind = EventKind.NetTx };
        tx.Net.Dev = Comm.From("eth0");
        tx.Net.Queue = 0;
        Assert.Equal("eth0/tx0", EventKeyNames.Format(tx));
        tx.Net.Netns = NetNamespace.Own;
        Assert.Equal("eth0/tx0", EventKeyNames.Format(tx));
        tx.Net.Netns = NetNamespace.Own + 1;
        Assert.Equal($"eth0@ns{NetNamespace.Own + 1}/tx0", EventKeyNames.Format(tx));
    }
}
