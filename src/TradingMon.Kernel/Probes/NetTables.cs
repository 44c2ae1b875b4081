using System.Runtime.InteropServices;
using TradingMon.Core;

namespace TradingMon.Kernel.Probes;

// C# twins of the kernel-side tables in bpf/tradingmon.h that net.bpf.c fills and user space reads
// (struct tm_rx_key / tm_rx_stats / tm_napi_key / tm_napi_stats). Same sizes and offsets as in C.

/// <summary><c>TM_RX_QUEUE_NONE</c>: the driver recorded no rx queue (lo, veth: the per-CPU backlog).</summary>
public static class RxQueue
{
    public const ushort None = 0xffff;
}

[StructLayout(LayoutKind.Sequential, Size = 12)]
public struct RxQueueKey
{
    /// <summary>Network namespace inode (ifindex is unique only within one namespace).</summary>
    public uint Netns;
    public uint Ifindex;
    /// <summary>skb_get_rx_queue(), or <see cref="RxQueue.None"/>.</summary>
    public ushort Queue;
    private ushort _pad;
}

[StructLayout(LayoutKind.Sequential, Size = 32)]
public struct RxQueueStats
{
    public ulong Packets;
    public ulong Bytes;
    public Comm Dev;
}

[StructLayout(LayoutKind.Sequential, Size = 12)]
public struct NapiKey
{
    public uint Netns;
    /// <summary>0 for the per-CPU backlog, which has no device.</summary>
    public uint Ifindex;
    public uint NapiId;
}

[StructLayout(LayoutKind.Sequential, Size = 40)]
public struct NapiStats
{
    public ulong Polls;
    public ulong Work;
    /// <summary>Polls that used their whole budget: packets were left for the next poll.</summary>
    public ulong Exhausted;
    public Comm Dev;
}
