using System.Net;

namespace TradingMon.Workloads;

/// <summary>
/// Two network namespaces joined by a veth pair: a sender side (<see cref="SenderNamespace"/>,
/// device <see cref="SenderDevice"/>, 10.77.0.1) and a receiver side (<see cref="ReceiverNamespace"/>,
/// <see cref="ReceiverDevice"/>, 10.77.0.2). Nothing is added to the root namespace, so no route
/// or address there can collide with the host or another test. All names start with <c>tmn</c>.
/// </summary>
/// <remarks>
/// Always removed: <see cref="Dispose"/> deletes devices and namespaces, a failed <see cref="Create"/>
/// removes what it had made, and leftovers of a crashed run with the same tag are removed first.
/// Close sockets opened inside before disposing: an open socket keeps its namespace alive.
/// </remarks>
public sealed class VethLab : IDisposable
{
    public static readonly IPAddress SenderAddress = IPAddress.Parse("10.77.0.1");
    public static readonly IPAddress ReceiverAddress = IPAddress.Parse("10.77.0.2");
    private const string SenderMac = "02:74:6d:6e:00:01", ReceiverMac = "02:74:6d:6e:00:02";

    public string SenderNamespace { get; }
    public string ReceiverNamespace { get; }
    public string SenderDevice { get; }
    public string ReceiverDevice { get; }
    public int TxQueues { get; }

    private VethLab(string tag, int txQueues)
    {
        SenderNamespace = $"tmn{tag}-s";
        ReceiverNamespace = $"tmn{tag}-r";
        SenderDevice = $"tmn{tag}a";
        ReceiverDevice = $"tmn{tag}b";
        TxQueues = txQueues;
    }

    /// <summary>
    /// Creates the pair. <paramref name="tag"/>: 1..8 letters or digits, unique per concurrent user.
    /// <paramref name="txQueues"/>: tx (and rx) queues on each veth end, for <c>mq</c> experiments.
    /// </summary>
    public static VethLab Create(string tag, int txQueues = 1)
    {
        if (tag.Length is < 1 or > 8 || !tag.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException("tag must be 1..8 ASCII letters or digits (device names are limited to 15 bytes)", nameof(tag));
        var lab = new VethLab(tag, txQueues);
        lab.Remove();
        try
        {
            lab.Build();
            return lab;
        }
        catch
        {
            lab.Remove();
            throw;
        }
    }

    private void Build()
    {
        foreach (var ns in new[] { SenderNamespace, ReceiverNamespace })
        {
            NetworkNamespace.Add(ns);
            // No IPv6: its router solicitations and MLD reports would share the shaped queue with the test burst.
            NetworkNamespace.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        }
        string q = TxQueues.ToString();
        CommandLine.Run("ip", "-n", SenderNamespace, "link", "add", SenderDevice, "address", SenderMac, "numtxqueues", q, "numrxqueues", q,
            "type", "veth", "peer", "name", ReceiverDevice, "netns", ReceiverNamespace, "address", ReceiverMac, "numtxqueues", q, "numrxqueues", q);
        Configure(SenderNamespace, SenderDevice, SenderAddress, ReceiverAddress, ReceiverMac);
        Configure(ReceiverNamespace, ReceiverDevice, ReceiverAddress, SenderAddress, SenderMac);
    }

    private static void Configure(string ns, string dev, IPAddress address, IPAddress peer, string peerMac)
    {
        CommandLine.Run("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", dev);
        // A permanent neighbour: no ARP exchange delays the first packet or shares the queue with a burst.
        CommandLine.Run("ip", "-n", ns, "neigh", "replace", peer.ToString(), "lladdr", peerMac, "dev", dev, "nud", "permanent");
        CommandLine.Run("ip", "-n", ns, "link", "set", dev, "up");
        CommandLine.Run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /// <summary>Runs <paramref name="body"/> on a new thread in the sender namespace, pinned to <paramref name="cpu"/> (-1: not pinned).</summary>
    public T InSender<T>(int cpu, Func<T> body) => NetworkNamespace.RunInside(SenderNamespace, cpu, body);

    public T InReceiver<T>(int cpu, Func<T> body) => NetworkNamespace.RunInside(ReceiverNamespace, cpu, body);

    private void Remove()
    {
        // Deleting one end of a veth deletes both; a namespace that is gone takes its devices along.
        if (NetworkNamespace.Exists(SenderNamespace))
            CommandLine.TryRun("ip", "-n", SenderNamespace, "link", "del", SenderDevice);
        NetworkNamespace.Delete(SenderNamespace);
        NetworkNamespace.Delete(ReceiverNamespace);
    }

    public void Dispose() => Remove();
}
