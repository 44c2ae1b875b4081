using System.Globalization;

namespace TradingMon.Workloads;

/// <summary>
/// Ground truth for softirq duration: a tc ingress BPF classifier (bpf/testing/udp_spin.bpf.c)
/// that busy-waits a fixed time per UDP packet to one port, inside the receive softirq. Each
/// such packet then puts exactly that much time into one NET_RX. Test code: it is compiled here
/// at run time and is not one of the monitor's probes.
/// </summary>
public static class UdpSpinClassifier
{
    /// <summary>Compiles the classifier for <paramref name="spinNs"/> and <paramref name="udpPort"/> into <paramref name="outputDirectory"/>; returns the object path.</summary>
    public static string Compile(long spinNs, int udpPort, string outputDirectory)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "bpf", "udp_spin.bpf.c");
        string obj = Path.Combine(outputDirectory, $"udp_spin_{spinNs}_{udpPort}.bpf.o");
        CommandLine.Run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
            $"-DTM_SPIN_NS={spinNs.ToString(CultureInfo.InvariantCulture)}ULL", $"-DTM_SPIN_PORT={udpPort}",
            "-c", source, "-o", obj);
        return obj;
    }

    /// <summary>Attaches the compiled classifier at the ingress of <paramref name="dev"/> in <paramref name="ns"/> (removed with the device).</summary>
    public static void Attach(string ns, string dev, string objectPath) =>
        TrafficControl.AttachIngressBpf(ns, dev, objectPath, "tc");
}
