using System.Runtime.InteropServices;
using System.Text;

namespace TradingMon.Kernel.Native;

/// <summary>
/// Captures libbpf's own messages (verifier log, CO-RE relocation failures, attach errors) so an
/// error can show the user what the kernel said, instead of libbpf printing it to stderr unasked.
/// </summary>
internal static unsafe partial class LibbpfLog
{
    private const int LIBBPF_WARN = 0, LIBBPF_INFO = 1;
    private static readonly object Gate = new();
    private static readonly StringBuilder Captured = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            Libbpf.libbpf_set_print(&Print);
            _installed = true;
        }
    }

    /// <summary>What libbpf said since the last call, and forget it.</summary>
    public static string Take()
    {
        lock (Gate)
        {
            var s = Captured.ToString();
            Captured.Clear();
            return s;
        }
    }

    [UnmanagedCallersOnly]
    private static int Print(int level, byte* fmt, nint args)
    {
        if (level > LIBBPF_INFO) return 0; // DEBUG is very chatty
        // On x86-64 a va_list argument is a pointer to the caller's va_list state: vsnprintf takes it as is.
        var buf = stackalloc byte[4096];
        int n = vsnprintf(buf, 4096, fmt, args);
        if (n <= 0) return 0;
        var text = Encoding.UTF8.GetString(buf, Math.Min(n, 4095));
        lock (Gate)
        {
            if (Captured.Length < 256 * 1024) Captured.Append(text);
        }
        return 0;
    }

    [LibraryImport("libc")]
    private static partial int vsnprintf(byte* buf, nuint size, byte* fmt, nint args);
}
