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
        Assert.NotEmpty(OurProgramsLoaded());
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        Assert.True(p.WaitForExit(20_000), "probe did not exit after SIGTERM");
        Assert.Equal(0, p.ExitCode);
        Assert.Empty(OurProgramsLoaded());
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
