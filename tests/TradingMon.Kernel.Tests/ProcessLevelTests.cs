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
        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), null, "probe", "--duration", "2s");
        Assert.True(code == 0, stderr);
        Assert.Contains("sources attached", stdout);
        Assert.Empty(OurProgramsLoaded());
    }

    [Fact]
    public void After_SIGTERM_no_program_remains()
    {
        using var p = CliProcess.Start("probe", "--duration", "60s");
        // Wait until it has attached, then terminate it the way a service manager does.
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null && !line.Contains("sources attached")) { }
        Assert.NotNull(line);
        // Other engineers' monitors may load the same programs: track this process's by id.
        var ids = ProgramIdsHeldBy(p.Id);
        Assert.NotEmpty(ids);
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        Assert.True(p.WaitForExit(20_000), "probe did not exit after SIGTERM");
        Assert.Equal(0, p.ExitCode);
        // The kernel frees a program after an RCU grace period once its last fd closed: allow a moment.
        var left = ids;
        for (int i = 0; i < 50 && left.Count > 0; i++, Thread.Sleep(100))
        {
            var loaded = LoadedProgramIds();
            left = ids.Where(loaded.Contains).ToHashSet();
        }
        Assert.True(left.Count == 0, $"programs {string.Join(',', left)} of the terminated probe are still loaded");
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

    /// <summary>Names (as the kernel truncates them, 15 chars) of our programs still loaded.</summary>
    public static List<string> OurProgramsLoaded()
    {
        var ours = new HashSet<string>();
        foreach (var source in ProbeCatalog.All)
        {
            using var obj = BpfObject.Open(Path.Combine(KernelProbes.ObjectDirectory, source.ObjectFile));
            foreach (var (_, name, _) in obj.Programs()) ours.Add(name.Length > 15 ? name[..15] : name);
        }
        var psi = new ProcessStartInfo("bpftool", ["prog", "show"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var loaded = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            // "123: tracing  name tm_sched_switch  tag ..."
            int i = line.IndexOf(" name ", StringComparison.Ordinal);
            if (i < 0) continue;
            string name = line[(i + 6)..].Split(' ', 2)[0];
            if (ours.Contains(name)) loaded.Add(name);
        }
        return loaded;
    }
}
