using System.Globalization;

namespace TradingMon.Workloads;

/// <summary>
/// Queueing disciplines for the tx-queue experiments. This kernel has tbf, htb, mq, fifo,
/// pfifo_fast and ingress/clsact (no netem, fq, fq_codel): latency is shaped with tbf.
/// </summary>
public static class TrafficControl
{
    /// <summary>
    /// Root <c>tbf rate R burst B limit L</c> on a single-queue device. <paramref name="limitBytes"/>
    /// must hold a whole burst, or tbf drops the tail and the model no longer applies.
    /// </summary>
    public static void SetTbf(string ns, string dev, long rateBitsPerSecond, int burstBytes, int limitBytes) =>
        Tc(ns, ["qdisc", "replace", "dev", dev, "root", .. TbfArgs(rateBitsPerSecond, burstBytes, limitBytes)]);

    /// <summary>
    /// <c>mq</c> at the root with one <c>tbf</c> per tx queue (queue i gets rates[i]): each queue
    /// drains at its own rate, so the queue a packet took shows in its latency too.
    /// </summary>
    public static void SetMqTbf(string ns, string dev, IReadOnlyList<long> rateBitsPerSecond, int burstBytes, int limitBytes)
    {
        Tc(ns, "qdisc", "replace", "dev", dev, "root", "handle", "1:", "mq");
        for (int i = 0; i < rateBitsPerSecond.Count; i++)
            Tc(ns, ["qdisc", "replace", "dev", dev, "parent", $"1:{i + 1:x}", .. TbfArgs(rateBitsPerSecond[i], burstBytes, limitBytes)]);
    }

    /// <summary>
    /// XPS: packets sent from <paramref name="cpu"/> take tx queue <paramref name="queue"/>.
    /// Written through sysfs inside the namespace (<c>ip netns exec</c> mounts the namespace's /sys).
    /// </summary>
    public static void PinTxQueueToCpu(string ns, string dev, int queue, int cpu)
    {
        string mask = (1UL << cpu).ToString("x", CultureInfo.InvariantCulture);
        NetworkNamespace.Exec(ns, "sh", "-c", $"echo {mask} > /sys/class/net/{dev}/queues/tx-{queue}/xps_cpus");
    }

    /// <summary>Adds a clsact qdisc and a direct-action BPF classifier at ingress from <paramref name="objectPath"/>, section <paramref name="section"/>.</summary>
    public static void AttachIngressBpf(string ns, string dev, string objectPath, string section)
    {
        Tc(ns, "qdisc", "replace", "dev", dev, "clsact");
        Tc(ns, "filter", "add", "dev", dev, "ingress", "bpf", "direct-action", "obj", objectPath, "sec", section);
    }

    private static string[] TbfArgs(long rate, int burst, int limit) =>
        ["tbf", "rate", $"{rate}bit", "burst", burst.ToString(CultureInfo.InvariantCulture), "limit", limit.ToString(CultureInfo.InvariantCulture)];

    private static void Tc(string ns, params string[] args) => CommandLine.Run("tc", ["-n", ns, .. args]);
}
