using System.Net;

namespace TradingMon.Workloads;

/// <summary>
/// UDP over 127.0.0.1 for softirq load: each packet goes through lo's per-CPU backlog, so the
/// sending CPU raises and runs NET_RX for it.
/// </summary>
public static class LoopbackTraffic
{
    /// <summary>
    /// Sends <paramref name="packets"/> datagrams of <paramref name="payloadBytes"/> to a sink on
    /// <paramref name="port"/> from a thread pinned to <paramref name="cpu"/>; returns how many arrived.
    /// </summary>
    public static long Run(int cpu, int port, int packets, int payloadBytes = 200)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        using var sink = UdpSink.Start(null, endpoint);
        using var sender = UdpSender.Open(null, endpoint, payloadBytes);
        PinnedThread.Run(cpu, () =>
        {
            for (int i = 0; i < packets; i++)
            {
                sender.Send();
                if (i % 64 == 63) Thread.Sleep(1); // stay under the socket buffers: no drops, steady NET_RX
            }
            return 0;
        });
        sink.WaitFor(packets, TimeSpan.FromSeconds(5));
        return sink.Received;
    }
}
