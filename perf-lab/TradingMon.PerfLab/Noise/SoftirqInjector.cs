using System.Net;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Noise;

/// <summary>
/// Softirq load: UDP over 127.0.0.1 from a pinned sender. Loopback delivers through the sending CPU's
/// backlog, so that CPU raises and runs NET_RX for every packet.
/// </summary>
public sealed class SoftirqInjector(SoftirqNoise spec, int port) : INoiseInjector
{
    private UdpSink? _sink;
    private UdpSender? _sender;
    private PacedUdpLoad? _load;

    public void Start()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        _sink = UdpSink.Start(null, endpoint);
        _sender = UdpSender.Open(null, endpoint, spec.PayloadBytes);
        _load = new PacedUdpLoad(_sender, spec.Cpu, spec.PacketsPerSecond);
        _load.Start();
    }

    public string Stop()
    {
        _load!.Dispose();
        return $"{spec.Type}: {_load.Sent} packets sent, {_load.Refused} refused, {_sink!.Received} received";
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
