using TradingMon.Core;

namespace TradingMon.Cli.Commands;

/// <summary>Parses a Linux CPU list such as "0-1", "1,3,5-7" (the format of /sys/devices/system/cpu/isolated).</summary>
public static class CpuList
{
    public static IReadOnlyList<int> Parse(string text, string optionName = "--cpus")
    {
        var cpus = new SortedSet<int>();
        if (string.IsNullOrWhiteSpace(text)) return [];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            if (range.Length > 2 || !int.TryParse(range[0], out int lo) || !int.TryParse(range[^1], out int hi) || lo > hi || lo < 0)
                throw new TradingMonException($"{optionName} '{text}' is not a CPU list: write it like 0-1 or 1,3,5-7");
            for (int c = lo; c <= hi; c++)
            {
                if (c >= Environment.ProcessorCount)
                    throw new TradingMonException($"{optionName}: CPU {c} does not exist: this machine has CPUs 0-{Environment.ProcessorCount - 1}");
                cpus.Add(c);
            }
        }
        return cpus.ToArray();
    }
}
