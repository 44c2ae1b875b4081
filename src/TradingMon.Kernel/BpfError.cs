using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

/// <summary>Turns a failed libbpf call into an error that says what failed and what to do.</summary>
internal static class BpfError
{
    private const int EPERM = 1, ENOENT = 2, E2BIG = 7, EACCES = 13, EINVAL = 22, ENOSPC = 28, ENOTSUP = 95, ESRCH = 3;

    public static TradingMonException From(string what, int errno)
    {
        string log = LibbpfLog.Take().Trim();
        string reason = errno switch
        {
            EPERM or EACCES when log.Length == 0 || !log.Contains("processed", StringComparison.Ordinal) =>
                "permission denied: needs root, or CAP_BPF + CAP_PERFMON (run with sudo)",
            EPERM or EACCES or EINVAL or E2BIG or ENOSPC when log.Contains("processed", StringComparison.Ordinal) =>
                "the kernel's verifier rejected the program; its log follows",
            ENOENT or ESRCH => "a kernel symbol or tracepoint it needs is missing on this kernel",
            ENOTSUP => "this kernel does not support it (needs BTF-enabled tracepoints, kernel 5.11+)",
            _ => Marshal.GetPInvokeErrorMessage(errno),
        };
        string msg = $"{what}: {reason} (errno {errno})";
        if (log.Length > 0) msg += Environment.NewLine + TailOf(log, 40);
        return new TradingMonException(msg);
    }

    /// <summary>The last lines of a long verifier log: where it gave up is at the end.</summary>
    private static string TailOf(string log, int lines)
    {
        var all = log.Split('\n');
        return all.Length <= lines ? log : "..." + Environment.NewLine + string.Join('\n', all[^lines..]);
    }
}
