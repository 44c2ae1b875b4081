using System.Net;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Noise;

/// <summary>
/// Softirq load: UDP over 127.0.0.1 from a pinned sender. Loopback delivers through the sending CPU's
/// backlog, so that CPU raises and runs NET_RX for every packet.
/// </summary>
public sealed class SoftirqInjector(SoftirqNoise spec, int port) : INoiseInjector
{
    private readonly PacedUdpFlow _flow = new(spec.Cpu, spec.PacketsPerSecond);

    public void Start() => _flow.Start(null, null, new IPEndPoint(IPAddress.Loopback, port), spec.PayloadBytes);

    public string Stop() => $"{spec.Type}: {_flow.Stop()}";

    public void Dispose() => _flow.Dispose();
}
