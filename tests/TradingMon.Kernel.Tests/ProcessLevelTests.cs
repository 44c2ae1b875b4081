using System.Diagnostics;
using TradingMon.Kernel.Probes;
using Xunit;

namespace TradingMon.Kernel.Tests;

/// <summary>What a user sees from `tradingmon probe`: the error without privileges, and a kernel left clean.</summary>
public class ProcessLevelTests
{
    [Fact]
    public void Without_privileges_probe_exits_2_with_one_clear_line()
    {
        // nobody/nogroup, no capabilities: what an unprivileged user gets.
        var (code, _, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], "probe", "--duration", "1s");
        Assert.Equal(2, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("needs root, or CAP_BPF + CAP_PERFMON", lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void After_a_normal_exit_no_program_remains()
    {
        using var p = CliProcess.Start("probe", "--duration", "2s");
        var ids = AttachedProgramIds(p);
        Assert.True(p.WaitForExit(60_000), "probe did not exit after its duration");
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        AssertFreed(ids, "exited");
    }

    [Fact]
    public void After_SIGTERM_no_program_remains()
    {
        using var p = CliProcess.Start("probe", "--duration", "60s");
        var ids = AttachedProgramIds(p);
        // Terminate it the way a service manager does.
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        Assert.True(p.WaitForExit(20_000), "probe did not exit after SIGTERM");
        Assert.Equal(0, p.ExitCode);
        AssertFreed(ids, "terminated");
    }

    /// <summary>
    /// Waits until the probe says it attached, then returns the ids of the programs it holds. By id,
    /// not by name: other processes (a monitor, an earlier test still being freed) may load the same programs.
    /// </summary>
    private static HashSet<int> AttachedProgramIds(Process p)
    {
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null && !line.Contains("sources attached")) { }
        Assert.NotNull(line);
        var ids = ProgramIdsHeldBy(p.Id);
        Assert.NotEmpty(ids);
        _ = p.StandardOutput.ReadToEndAsync(); // keep the pipe drained until it exits
        return ids;
    }

    private static void AssertFreed(HashSet<int> ids, string how)
    {
        // The kernel frees a program after an RCU grace period once its last fd closed: allow a moment.
        var left = ids;
        for (int i = 0; i < 50 && left.Count > 0; i++, Thread.Sleep(100))
        {
            var loaded = LoadedProgramIds();
            left = ids.Where(loaded.Contains).ToHashSet();
        }
        Assert.True(left.Count == 0, $"programs {string.Join(',', left)} of the {how} probe are still loaded");
    }

    /// <summary>The ids of the BPF programs a process holds open (its fdinfo names them).</summary>
    private static HashSet<int> ProgramIdsHeldBy(int pid)
    {
        var ids = new HashSet<int>();
        foreach (var fdinfo in Directory.GetFiles($"/proc/{pid}/fdinfo"))
        {
            try
            {
                foreach (var l in File.ReadLines(fdinfo))
                {
                    if (l.StartsWith("prog_id:", StringComparison.Ordinal)) ids.Add(int.Parse(l[8..].Trim()));
                }
            }
            catch (IOException) { } // fd closed meanwhile
        }
        return ids;
    }

    private static HashSet<int> LoadedProgramIds()
    {
        var psi = new ProcessStartInfo("bpftool", ["prog", "show"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var ids = new HashSet<int>();
        foreach (var line in p.StandardOutput.ReadToEnd().Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && int.TryParse(line[..colon], out int id)) ids.Add(id);
        }
        p.WaitForExit();
        return ids;
    }
}
