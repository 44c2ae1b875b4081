using System.Text.Json;
using TradingMon.Workloads;

namespace TradingMon.Cli.Tests;

/// <summary>
/// Which BPF programs and links a process holds, and which exist at all. bpftool here cannot show owner
/// pids, and other tests may load programs at the same time, so ours are found by id through the
/// process's fdinfo (a BPF program fd says prog_id:, a link fd link_id:).
/// </summary>
public static class BpfPrograms
{
    public static (IReadOnlySet<int> Programs, IReadOnlySet<int> Links) HeldBy(int pid)
    {
        var progs = new HashSet<int>();
        var links = new HashSet<int>();
        foreach (string f in Directory.EnumerateFiles($"/proc/{pid}/fdinfo"))
        {
            string text;
            try { text = File.ReadAllText(f); } catch (IOException) { continue; }
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith("prog_id:", StringComparison.Ordinal)) progs.Add(int.Parse(line[8..].Trim()));
                else if (line.StartsWith("link_id:", StringComparison.Ordinal)) links.Add(int.Parse(line[8..].Trim()));
            }
        }
        return (progs, links);
    }

    public static IReadOnlySet<int> LoadedPrograms() => Ids("prog");
    public static IReadOnlySet<int> LoadedLinks() => Ids("link");

    private static IReadOnlySet<int> Ids(string kind)
    {
        using var doc = JsonDocument.Parse(CommandLine.Run("bpftool", kind, "show", "--json"));
        return doc.RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToHashSet();
    }
}
