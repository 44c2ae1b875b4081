using System.Text.Json;
using TradingMon.Workloads;
using Xunit;

namespace TradingMon.Cli.Tests;

/// <summary>
/// SIGTERM mid-run: exit 0, the summary is written, every program the monitor loaded is gone, and the
/// events recorded before the signal are all in the summary (the ground-truth waits, counted by culprit).
/// </summary>
public sealed class MonitorShutdownTests
{
    private const int SIGTERM = 15;

    [Fact]
    public void Sigterm_writes_the_summary_detaches_every_program_and_loses_nothing()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.json", MonitorEndToEndTests.RunqRuleCpu1);
        string summary = dir.File("s.json");
        using var monitor = Tradingmon.Start(["monitor", "--no-tui", "--json-summary", summary, "--rules", rules, "--hlog-dir", dir.Path,
                                              "--alerts", "aeron:udp?endpoint=127.0.0.1:40312", "--report", "2s"]);
        Assert.True(monitor.WaitForOutput("tradingmon monitor: watching", TimeSpan.FromSeconds(30)), $"monitor did not start:\n{monitor.Stdout}\n{monitor.Stderr}");
        var (progs, links) = BpfPrograms.HeldBy(monitor.Pid);
        Assert.NotEmpty(progs);
        Assert.NotEmpty(links);

        const int waits = 200;
        var truth = new RunqGroundTruth { Cpu = 1, ControllerCpu = 0 }.Run(TimeSpan.FromMilliseconds(2), waits);
        monitor.Signal(SIGTERM); // right after the last wait: those events are still in the kernel ring or the pipeline

        Assert.True(monitor.WaitForExit(TimeSpan.FromSeconds(60)) == 0, $"monitor failed:\n{monitor.Stdout}\n{monitor.Stderr}");
        Assert.Empty(BpfPrograms.LoadedPrograms().Intersect(progs));
        Assert.Empty(BpfPrograms.LoadedLinks().Intersect(links));
        Assert.True(File.Exists(Path.Combine(dir.Path, "tradingmon.hlog")));

        using var s = JsonDocument.Parse(File.ReadAllText(summary));
        var cpu1 = s.RootElement.GetProperty("culprits").EnumerateArray()
            .Single(e => e.GetProperty("metric").GetString() == "sched.runq" && e.GetProperty("key").GetString() == "cpu1");
        // The controlled waits, which ended just before the signal, are in the summary with the hog as culprit.
        long hogEvents = cpu1.GetProperty("top").EnumerateArray().Where(t => t.GetProperty("pid").GetInt32() == truth.HogTid).Sum(t => t.GetProperty("count").GetInt64());
        Assert.True(hogEvents >= waits / 2, $"summary names the hog in {hogEvents} run-queue events on cpu1, expected most of {waits}");
        // Nothing lost on the way out: every record the kernel streamed up to the detach was recorded.
        var events = s.RootElement.GetProperty("events");
        Assert.Equal(events.GetProperty("kernel_streamed").GetInt64(), events.GetProperty("recorded").GetInt64());
        Assert.Equal(0, s.RootElement.GetProperty("drops").GetProperty("kernel").GetInt64());
        Assert.Equal(0, s.RootElement.GetProperty("drops").GetProperty("ring").GetInt64());
    }
}
