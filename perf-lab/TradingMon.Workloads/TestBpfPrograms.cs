using System.Globalization;

namespace TradingMon.Workloads;

/// <summary>
/// Small BPF programs that make a ground truth, compiled at run time from bpf/testing/ and
/// attached with tc / ip. Test code: none of them is one of the monitor's probes.
/// </summary>
public static class TestBpfPrograms
{
    /// <summary>
    /// Compiles udp_spin.bpf.c: a tc ingress classifier that busy-waits <paramref name="spinNs"/>
    /// per UDP packet to <paramref name="udpPort"/>, inside the receive softirq, so each such packet
    /// puts exactly that much time into one NET_RX. Returns the object path.
    /// </summary>
    public static string CompileUdpSpin(long spinNs, int udpPort, string outputDirectory) =>
        Compile("udp_spin", outputDirectory, $"_{spinNs}_{udpPort}",
            $"-DTM_SPIN_NS={spinNs.ToString(CultureInfo.InvariantCulture)}ULL", $"-DTM_SPIN_PORT={udpPort}");

    /// <summary>Attaches a compiled udp_spin classifier at the ingress of <paramref name="dev"/> in <paramref name="ns"/> (removed with the device).</summary>
    public static void AttachUdpSpin(string ns, string dev, string objectPath) =>
        TrafficControl.AttachIngressBpf(ns, dev, objectPath, "tc");

    /// <summary>
    /// Attaches an XDP program that passes everything to <paramref name="dev"/> (native mode): a
    /// veth then receives through its own NAPI instance instead of the per-CPU backlog.
    /// </summary>
    public static void AttachXdpPass(string ns, string dev, string outputDirectory)
    {
        string obj = Compile("xdp_pass", outputDirectory, "");
        CommandLine.Run("ip", "-n", ns, "link", "set", "dev", dev, "xdpdrv", "obj", obj, "sec", "xdp");
    }

    private static string Compile(string name, string outputDirectory, string suffix, params string[] defines)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "bpf", $"{name}.bpf.c");
        string obj = Path.Combine(outputDirectory, $"{name}{suffix}.bpf.o");
        CommandLine.Run("clang", ["-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", .. defines, "-c", source, "-o", obj]);
        return obj;
    }
}
