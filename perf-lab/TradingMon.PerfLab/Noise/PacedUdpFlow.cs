using System.Net;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Noise;

/// <summary>
/// The UDP traffic behind the softirq and NIC-queue injectors: a sink in the receiving namespace, a
/// sender in the sending one (null = this process's namespace) and a <see cref="PacedUdpLoad"/>
/// pinned to one CPU between them. Dispose stops the load and closes both sockets.
/// </summary>
internal sealed class PacedUdpFlow(int cpu, int packetsPerSecond) : IDisposable
{
    private UdpSink? _sink;
    private UdpSender? _sender;
    private PacedUdpLoad? _load;

    public void Start(string? senderNamespace, string? receiverNamespace, IPEndPoint endpoint, int payloadBytes)
    {
        _sink = UdpSink.Start(receiverNamespace, endpoint);
        _sender = UdpSender.Open(senderNamespace, endpoint, payloadBytes);
        _load = new PacedUdpLoad(_sender, cpu, packetsPerSecond);
        _load.Start();
    }

    /// <summary>Stops the load and says what it did, so a scenario whose noise failed to happen is visible.</summary>
    public string Stop()
    {
        _load!.Dispose();
        return $"{_load.Sent} packets sent, {_load.Refused} refused, {_sink!.Received} received";
    }

    public void Dispose()
    {
        try { _load?.Dispose(); }
        finally
        {
            _sender?.Dispose();
            _sink?.Dispose();
        }
    }
}
