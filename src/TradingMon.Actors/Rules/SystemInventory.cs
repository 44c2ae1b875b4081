namespace TradingMon.Actors.Rules;

/// <summary>
/// What exists on this machine, so a rule whose selector names a CPU, IRQ, device or cgroup that
/// does not exist is rejected at start instead of silently never firing.
/// </summary>
public sealed record SystemInventory(
    int CpuCount,
    IReadOnlyList<int> IsolatedCpus,
    IReadOnlyList<string> IrqNames,
    IReadOnlyList<string> NetDevices,
    string CgroupRoot)
{
    /// <summary>System vector names as the keys spell them (cpu1/local_timer).</summary>
    public static readonly IReadOnlyList<string> IrqVectorNames =
        ["local_timer", "reschedule", "call_function", "call_function_single", "irq_work", "other"];

    public static readonly IReadOnlyList<string> SoftirqVectorNames = Enum.GetNames<Core.SoftirqVector>();

    /// <summary>Reads /sys/devices/system/cpu, /proc/interrupts, /sys/class/net.</summary>
    public static SystemInventory Read() => new(
        Environment.ProcessorCount,
        ParseCpuList(ReadOrEmpty("/sys/devices/system/cpu/isolated")),
        ReadIrqNames(),
        Directory.Exists("/sys/class/net") ? Directory.GetDirectories("/sys/class/net").Select(d => Path.GetFileName(d)!).ToArray() : [],
        "/sys/fs/cgroup");

    /// <summary>Parses the kernel's CPU list format: "1-3,5".</summary>
    public static IReadOnlyList<int> ParseCpuList(string text)
    {
        var cpus = new List<int>();
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            int first = int.Parse(range[0]);
            int last = range.Length > 1 ? int.Parse(range[1]) : first;
            for (int c = first; c <= last; c++) cpus.Add(c);
        }
        return cpus;
    }

    public bool HasIrq(string pattern) =>
        IrqNames.Concat(IrqVectorNames).Any(name => RuleSelector.Glob(pattern, name));

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    // /proc/interrupts: "  28:   0   0  PCI-MSIX-0000:00:01.0   0-edge   virtio0-config";
    // the action names are the last column, comma-separated when the line is shared.
    private static IReadOnlyList<string> ReadIrqNames()
    {
        if (!File.Exists("/proc/interrupts")) return [];
        var names = new List<string>();
        foreach (var line in File.ReadLines("/proc/interrupts").Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || !int.TryParse(line.AsSpan(0, colon).Trim(), out _)) continue;
            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            names.AddRange(fields[^1].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
        return names;
    }
}
