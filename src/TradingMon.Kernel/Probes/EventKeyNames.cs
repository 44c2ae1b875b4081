using TradingMon.Core;

namespace TradingMon.Kernel.Probes;

/// <summary>
/// The human key of an interrupt or NIC-queue event, as reports and alerts show it:
/// <c>cpu0/virtio0-input.0</c> (device IRQ), <c>cpu1/local_timer</c> (system vector),
/// <c>cpu1/NET_RX</c> (softirq), <c>eth0/tx0</c> (tx queue; <c>eth0@ns4026532281/tx0</c> in another
/// network namespace), <c>eth0/napi8193</c>.
/// Allocates a string: call it once per new key, never per event.
/// </summary>
public static class EventKeyNames
{
    public static string Format(in KernelEvent e) => e.Kind switch
    {
        EventKind.HardIrq => $"cpu{e.Cpu}/{DeviceIrqName(e.Irq)}",
        EventKind.IrqVector => $"cpu{e.Cpu}/{VectorName(e.Irq)}",
        EventKind.Softirq => $"cpu{e.Cpu}/{SoftirqName(e.Softirq.Vec)}",
        EventKind.NetTx => $"{NetNamespace.QualifiedDevice(DeviceName(e.Net.Dev, e.Net.Ifindex), e.Net.Netns)}/tx{e.Net.Queue}",
        EventKind.NapiPoll => $"{DeviceName(e.Napi.Dev, e.Napi.Ifindex)}/napi{e.Napi.NapiId}",
        _ => $"cpu{e.Cpu}/{e.Kind}",
    };

    /// <summary>The action name the driver registered ("virtio0-input.0"), or irqN when it has none.</summary>
    public static string DeviceIrqName(in IrqPayload irq)
    {
        string name = irq.Name.ToString();
        return name.Length > 0 ? name : $"irq{irq.Irq}";
    }

    /// <summary>The irq_vectors tracepoint's name; for <see cref="IrqVector.Other"/> the name the program recorded.</summary>
    public static string VectorName(in IrqPayload irq) => (IrqVector)irq.Irq switch
    {
        IrqVector.LocalTimer => "local_timer",
        IrqVector.Reschedule => "reschedule",
        IrqVector.CallFunction => "call_function",
        IrqVector.CallFunctionSingle => "call_function_single",
        IrqVector.IrqWork => "irq_work",
        _ => irq.Name.ToString(),
    };

    /// <summary>The kernel's softirq_to_name: HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU.</summary>
    public static string SoftirqName(SoftirqVector vec) =>
        vec <= SoftirqVector.RCU ? vec.ToString() : $"softirq{(uint)vec}";

    private static string DeviceName(in Comm dev, uint ifindex)
    {
        string name = dev.ToString();
        return name.Length > 0 ? name : $"if{ifindex}";
    }
}
