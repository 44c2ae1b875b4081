using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>
/// The kernel's tick rate, read from its build configuration: CONFIG_HZ in /proc/config.gz
/// (CONFIG_IKCONFIG_PROC) or /boot/config-$(uname -r).
/// </summary>
public static partial class KernelHz
{
    public static int Read()
    {
        string? config = null;
        if (File.Exists("/proc/config.gz"))
        {
            using var gz = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
            config = new StreamReader(gz).ReadToEnd();
        }
        else
        {
            string boot = $"/boot/config-{File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}";
            if (File.Exists(boot)) config = File.ReadAllText(boot);
        }
        if (config is null)
            throw new InvalidOperationException("cannot find the kernel config (/proc/config.gz or /boot/config-$(uname -r)) to read CONFIG_HZ");
        var m = HzLine().Match(config);
        if (!m.Success) throw new InvalidOperationException("CONFIG_HZ not found in the kernel config");
        return int.Parse(m.Groups[1].Value);
    }

    [GeneratedRegex(@"^CONFIG_HZ=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex HzLine();
}
