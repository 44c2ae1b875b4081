using System.Runtime.InteropServices;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// Function-call IPIs on demand: <c>membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)</c> interrupts every
/// other CPU currently running a thread of this process, once per call. With one such CPU the kernel
/// sends a single-target IPI, so N calls raise N <c>call_function_single</c> vectors there.
/// </summary>
public static partial class MembarrierIpi
{
    private const int MEMBARRIER_CMD_QUERY = 0;
    private const int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 1 << 3;
    private const int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;
    private const long SYS_membarrier = 324; // x86_64

    /// <summary>Registers the process (once; the kernel refuses the expedited command before it).</summary>
    public static void Register()
    {
        long supported = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0);
        if (supported < 0 || (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0)
            throw new TradingMonException("membarrier(PRIVATE_EXPEDITED) is not supported by this kernel (needs CONFIG_MEMBARRIER)");
        if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) != 0)
            throw new TradingMonException($"membarrier register failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Issues <paramref name="count"/> expedited membarriers from the calling thread.</summary>
    public static void Raise(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) != 0)
                throw new TradingMonException($"membarrier failed: {Marshal.GetLastPInvokeErrorMessage()} (call Register first)");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int cmd, int flags);
}
