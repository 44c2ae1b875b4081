using TradingMon.Core;

namespace TradingMon.Actors.Tests.Support;

/// <summary>Synthetic kernel events, filled as the eBPF programs fill them.</summary>
public static class Events
{
    public static KernelEvent Runq(int cpu, long valueNs, long tsNs, int pid = 100, string comm = "victim", int culpritPid = 200, string culpritComm = "hog")
    {
        var e = new KernelEvent { Kind = EventKind.Runq, Cpu = (uint)cpu, ValueNs = (ulong)valueNs, TsNs = (ulong)tsNs, Pid = (uint)pid, Tgid = (uint)pid, Comm = Comm.From(comm) };
        e.Runq.CulpritPid = (uint)culpritPid;
        e.Runq.CulpritTgid = (uint)culpritPid;
        e.Runq.CulpritComm = Comm.From(culpritComm);
        e.Runq.WaitCpu = (uint)cpu;
        return e;
    }

    public static KernelEvent HardIrq(int cpu, int irq, string name, long valueNs, long tsNs, int pid = 100, string comm = "victim")
    {
        var e = new KernelEvent { Kind = EventKind.HardIrq, Cpu = (uint)cpu, ValueNs = (ulong)valueNs, TsNs = (ulong)tsNs, Pid = (uint)pid, Comm = Comm.From(comm) };
        e.Irq.Irq = (uint)irq;
        e.Irq.Ret = 1;
        e.Irq.Name = Comm.From(name);
        return e;
    }

    public static KernelEvent Vector(int cpu, IrqVector vector, long valueNs, long tsNs, int pid = 100)
    {
        var e = new KernelEvent { Kind = EventKind.IrqVector, Cpu = (uint)cpu, ValueNs = (ulong)valueNs, TsNs = (ulong)tsNs, Pid = (uint)pid, Comm = Comm.From("victim") };
        e.Irq.Irq = (uint)vector;
        return e;
    }

    public static KernelEvent Softirq(int cpu, SoftirqVector vec, long durationNs, long latencyNs, long tsNs, int pid = 100)
    {
        var e = new KernelEvent { Kind = EventKind.Softirq, Cpu = (uint)cpu, ValueNs = (ulong)durationNs, AuxNs = (ulong)latencyNs, TsNs = (ulong)tsNs, Pid = (uint)pid, Comm = Comm.From("victim") };
        e.Softirq.Vec = vec;
        return e;
    }

    public static KernelEvent NetTx(string dev, int ifindex, int queue, long waitNs, long driverNs, long tsNs, int pid = 100)
    {
        var e = new KernelEvent { Kind = EventKind.NetTx, Cpu = 0, ValueNs = (ulong)waitNs, AuxNs = (ulong)driverNs, TsNs = (ulong)tsNs, Pid = (uint)pid, Comm = Comm.From("sender") };
        e.Net.Ifindex = (uint)ifindex;
        e.Net.Queue = (ushort)queue;
        e.Net.Dev = Comm.From(dev);
        return e;
    }
}
