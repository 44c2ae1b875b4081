using TradingMon.Core;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

/// <summary>Checks, before anything loads, that this machine and process can run the probes.</summary>
public static class KernelPreflight
{
    private const int CAP_PERFMON = 38, CAP_BPF = 39;

    /// <summary>Throws <see cref="TradingMonException"/> naming the problem and the fix.</summary>
    public static void Check()
    {
        if (!HasPrivileges())
            throw new TradingMonException("loading eBPF programs needs root, or CAP_BPF + CAP_PERFMON: run with sudo (or setcap cap_bpf,cap_perfmon+ep)");
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
            throw new TradingMonException("this kernel has no BTF (/sys/kernel/btf/vmlinux missing): TradingMon's CO-RE probes need a kernel built with CONFIG_DEBUG_INFO_BTF=y");
    }

    public static bool HasPrivileges()
    {
        if (Syscalls.geteuid() == 0) return true;
        ulong caps = EffectiveCapabilities();
        return (caps & (1UL << CAP_BPF)) != 0 && (caps & (1UL << CAP_PERFMON)) != 0;
    }

    private static ulong EffectiveCapabilities()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return Convert.ToUInt64(line[7..].Trim(), 16);
        }
        return 0;
    }
}
