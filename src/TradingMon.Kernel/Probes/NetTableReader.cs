using System.Runtime.InteropServices;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel.Probes;

/// <summary>
/// Reads the net probe's kernel tables (net.bpf.c): packets and bytes per (device, rx queue), NAPI
/// polls per instance, and the keys those tables had no room for. Values are per CPU in the kernel
/// and summed here. Off the hot path: a reporting call, it allocates.
/// </summary>
public static unsafe class NetTableReader
{
    private const uint RxTable = 0, NapiTable = 1; // enum tm_table

    public static List<(RxQueueKey Key, RxQueueStats Stats)> RxQueues(LoadedProbe net) =>
        ReadPerCpuHash<RxQueueKey, RxQueueStats>(net, "tm_rx_queues", static (sum, v) =>
        {
            sum.Packets += v.Packets;
            sum.Bytes += v.Bytes;
            if (sum.Dev.Bytes.IsEmpty) sum.Dev = v.Dev;
            return sum;
        });

    public static List<(NapiKey Key, NapiStats Stats)> NapiStats(LoadedProbe net) =>
        ReadPerCpuHash<NapiKey, NapiStats>(net, "tm_napi_stats", static (sum, v) =>
        {
            sum.Polls += v.Polls;
            sum.Work += v.Work;
            sum.Exhausted += v.Exhausted;
            if (sum.Dev.Bytes.IsEmpty) sum.Dev = v.Dev;
            return sum;
        });

    /// <summary>New (device, queue) and NAPI keys refused because the tables were full: their traffic went uncounted.</summary>
    public static (ulong RxKeys, ulong NapiKeys) KeysLost(LoadedProbe net)
    {
        ulong rx = 0, napi = 0;
        foreach (var n in net.Object.LookupPerCpu<ulong>("tm_table_keys_lost", RxTable)) rx += n;
        foreach (var n in net.Object.LookupPerCpu<ulong>("tm_table_keys_lost", NapiTable)) napi += n;
        return (rx, napi);
    }

    private static List<(TKey, TValue)> ReadPerCpuHash<TKey, TValue>(LoadedProbe net, string map, Func<TValue, TValue, TValue> add)
        where TKey : unmanaged where TValue : unmanaged
    {
        int fd = net.Object.MapFd(map);
        int ncpu = Libbpf.libbpf_num_possible_cpus();
        int stride = (sizeof(TValue) + 7) & ~7; // the kernel rounds each CPU's value up to 8 bytes
        var raw = new byte[stride * ncpu];
        var result = new List<(TKey, TValue)>();
        TKey key = default, next;
        bool first = true;
        fixed (byte* values = raw)
        {
            // A key deleted between get_next_key and lookup is skipped; nothing here deletes keys.
            while (Libbpf.bpf_map_get_next_key(fd, first ? null : &key, &next) == 0)
            {
                first = false;
                key = next;
                if (Libbpf.bpf_map_lookup_elem(fd, &key, values) != 0) continue;
                TValue sum = default;
                for (int cpu = 0; cpu < ncpu; cpu++) sum = add(sum, *(TValue*)(values + cpu * stride));
                result.Add((key, sum));
            }
            int err = Marshal.GetLastPInvokeError();
            if (err != 0 && err != 2) // ENOENT ends the walk
                throw BpfError.From($"cannot read map {map}", err);
        }
        return result;
    }
}
