using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingMon.Core;

/// <summary>
/// The C# twin of <c>struct tm_event</c> in <c>bpf/tradingmon.h</c>: one 88-byte record per measured
/// interval, copied from the kernel ring buffer into a pre-allocated ring slot. Field offsets are
/// named constants so a test can prove them equal to the compiled object's BTF.
/// </summary>
/// <remarks>The union members overlap exactly as in C; read only the ones that match <see cref="Kind"/>.</remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct KernelEvent
{
    public const int Size = 88;
    public const int TsNsOffset = 0, ValueNsOffset = 8, AuxNsOffset = 16, KindOffset = 24, CpuOffset = 28;
    public const int PidOffset = 32, TgidOffset = 36, CommOffset = 40, UnionOffset = 56;

    /// <summary>bpf_ktime_get_ns() (CLOCK_MONOTONIC) when the measured interval ended.</summary>
    [FieldOffset(TsNsOffset)] public ulong TsNs;
    /// <summary>Primary figure: run-queue latency, handler or softirq duration, qdisc wait (ns).</summary>
    [FieldOffset(ValueNsOffset)] public ulong ValueNs;
    /// <summary>Second figure: softirq raise-to-entry latency, tx driver time (ns); 0 when the kind has none.</summary>
    [FieldOffset(AuxNsOffset)] public ulong AuxNs;
    [FieldOffset(KindOffset)] public EventKind Kind;
    [FieldOffset(CpuOffset)] public uint Cpu;
    /// <summary>RUNQ: the woken task. IRQ kinds: the interrupted task. NET_TX: the queuing task.</summary>
    [FieldOffset(PidOffset)] public uint Pid;
    [FieldOffset(TgidOffset)] public uint Tgid;
    [FieldOffset(CommOffset)] public Comm Comm;

    [FieldOffset(UnionOffset)] public RunqPayload Runq;
    [FieldOffset(UnionOffset)] public IrqPayload Irq;
    [FieldOffset(UnionOffset)] public SoftirqPayload Softirq;
    [FieldOffset(UnionOffset)] public NetTxPayload Net;
    [FieldOffset(UnionOffset)] public NapiPayload Napi;
}

/// <summary><c>enum tm_event_kind</c>.</summary>
public enum EventKind : uint
{
    None = 0,
    Runq = 1,
    HardIrq = 2,
    IrqVector = 3,
    Softirq = 4,
    NetTx = 5,
    NapiPoll = 6,
}

/// <summary><c>enum tm_wait_reason</c>: why a run-queue wait began.</summary>
public enum WaitReason : byte
{
    Wakeup = 0,
    WakeupNew = 1,
    Preempted = 2,
}

/// <summary><c>enum tm_irq_vector</c>: which irq_vectors tracepoint family fired.</summary>
public enum IrqVector : uint
{
    LocalTimer = 1,
    Reschedule = 2,
    CallFunction = 3,
    CallFunctionSingle = 4,
    IrqWork = 5,
    Other = 15,
}

/// <summary>Linux softirq vectors, in the kernel's order (softirq_to_name).</summary>
public enum SoftirqVector : uint
{
    HI = 0, TIMER = 1, NET_TX = 2, NET_RX = 3, BLOCK = 4, IRQ_POLL = 5, TASKLET = 6, SCHED = 7, HRTIMER = 8, RCU = 9,
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct RunqPayload
{
    public const int CulpritPidOffset = 0, CulpritTgidOffset = 4, CulpritCommOffset = 8, WaitCpuOffset = 24, ReasonOffset = 28, CulpritPrioOffset = 29;
    /// <summary>The task that ran on this CPU just before the victim was switched in.</summary>
    [FieldOffset(CulpritPidOffset)] public uint CulpritPid;
    [FieldOffset(CulpritTgidOffset)] public uint CulpritTgid;
    [FieldOffset(CulpritCommOffset)] public Comm CulpritComm;
    /// <summary>CPU the wait began on; differs from the event's CPU after a migration.</summary>
    [FieldOffset(WaitCpuOffset)] public uint WaitCpu;
    [FieldOffset(ReasonOffset)] public WaitReason Reason;
    /// <summary>Kernel prio of the culprit: 0..99 is real-time.</summary>
    [FieldOffset(CulpritPrioOffset)] public byte CulpritPrio;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct IrqPayload
{
    public const int IrqOffset = 0, RetOffset = 4, NameOffset = 8;
    /// <summary>Device IRQ number (HardIrq) or <see cref="IrqVector"/> (IrqVector).</summary>
    [FieldOffset(IrqOffset)] public uint Irq;
    [FieldOffset(RetOffset)] public uint Ret;
    /// <summary>Action name (device) or vector name.</summary>
    [FieldOffset(NameOffset)] public Comm Name;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct SoftirqPayload
{
    public const int VecOffset = 0;
    [FieldOffset(VecOffset)] public SoftirqVector Vec;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct NetTxPayload
{
    public const int IfindexOffset = 0, QueueOffset = 4, LenOffset = 8, NetnsOffset = 12, DevOffset = 16;
    [FieldOffset(IfindexOffset)] public uint Ifindex;
    /// <summary>skb->queue_mapping: the tx queue.</summary>
    [FieldOffset(QueueOffset)] public ushort Queue;
    [FieldOffset(LenOffset)] public uint Len;
    /// <summary>The device's network namespace inode (as in /proc/&lt;pid&gt;/ns/net): ifindex is unique only within one.</summary>
    [FieldOffset(NetnsOffset)] public uint Netns;
    [FieldOffset(DevOffset)] public Comm Dev;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct NapiPayload
{
    public const int IfindexOffset = 0, NapiIdOffset = 4, WorkOffset = 8, BudgetOffset = 12, DevOffset = 16;
    [FieldOffset(IfindexOffset)] public uint Ifindex;
    [FieldOffset(NapiIdOffset)] public uint NapiId;
    [FieldOffset(WorkOffset)] public uint Work;
    [FieldOffset(BudgetOffset)] public uint Budget;
    [FieldOffset(DevOffset)] public Comm Dev;
}
