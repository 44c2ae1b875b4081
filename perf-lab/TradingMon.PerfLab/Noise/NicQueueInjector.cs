using System.Net;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Noise;

/// <summary>
/// NIC tx-queue load: a veth pair between two namespaces the runner creates (and removes), with
/// <c>tbf</c> on the sending end, and a paced UDP sender. Packets beyond the token bucket wait in
/// the qdisc, which is what <c>net.txq.latency</c> on <see cref="Device"/>'s tx queue 0 measures.
/// </summary>
public sealed class NicQueueInjector(NicQueueNoise spec, int port) : INoiseInjector
{
    /// <summary>The VethLab tag: devices tmnpl0a/tmnpl0b, namespaces tmnpl0-s/tmnpl0-r.</summary>
    public const string Tag = "pl0";

    private readonly PacedUdpFlow _flow = new(spec.Cpu, spec.PacketsPerSecond);
    private VethLab? _lab;

    /// <summary>The shaped device. It lives in the runner's sender namespace, so the engine keys its queue <c>tmnpl0a@nsINODE/tx0</c> (scenarios: <c>tmnpl0a@ns*/tx0</c>).</summary>
    public static string Device => $"tmn{Tag}a";

    public void Start()
    {
        _lab = VethLab.Create(Tag);
        // The qdisc must hold what the sender can queue ahead of the bucket, or tbf drops instead of delaying.
        TrafficControl.SetTbf(_lab.SenderNamespace, _lab.SenderDevice, spec.RateBitsPerSecond, spec.BurstBytes, limitBytes: 1 << 20);
        _flow.Start(_lab.SenderNamespace, _lab.ReceiverNamespace, new IPEndPoint(VethLab.ReceiverAddress, port), spec.PayloadBytes);
    }

    public string Stop() => $"{spec.Type}: {_flow.Stop()}";

    public void Dispose()
    {
        // Sockets first: an open socket keeps its namespace alive.
        try { _flow.Dispose(); }
        finally { _lab?.Dispose(); }
    }
}
