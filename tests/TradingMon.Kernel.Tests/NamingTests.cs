using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace TradingMon.Kernel.Tests;

/// <summary>
/// Every program, map and global of ours is named tm_*, so `bpftool prog show` / `map show` on a
/// shared machine tells TradingMon's apart from anyone else's. Read from each object's BTF: FUNC
/// entries are the programs, global VARs the maps and tunables.
/// </summary>
public partial class NamingTests
{
    [Fact]
    public void Every_program_map_and_global_carries_the_tm_prefix()
    {
        var objects = Directory.GetFiles(KernelProbes.ObjectDirectory, "*.bpf.o");
        Assert.NotEmpty(objects);
        foreach (string obj in objects)
        {
            var psi = new ProcessStartInfo("bpftool", ["btf", "dump", "file", obj, "format", "raw"]) { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            string btf = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var names = GlobalName().Matches(btf).Select(m => m.Groups[1].Value).Where(n => n != "LICENSE").ToArray();
            Assert.Contains(names, n => n == "tm_events");
            Assert.All(names, n => Assert.StartsWith("tm_", n));
        }
    }

    // "[12] FUNC 'tm_sched_switch' type_id=11 linkage=global", "[30] VAR 'tm_events' type_id=29, linkage=global"
    [GeneratedRegex(@"\] (?:FUNC|VAR) '([^']+)' type_id=\d+,? linkage=global")]
    private static partial Regex GlobalName();
}
