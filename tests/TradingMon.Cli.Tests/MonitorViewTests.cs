using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Rendering;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Keys;
using TradingMon.Cli.Monitor;
using TradingMon.Engine;
using Xunit;

namespace TradingMon.Cli.Tests;

/// <summary>
/// The live view and the plain report render the same <see cref="MonitorSnapshot"/>: every run-queue CPU
/// with its percentiles and culprits, the other metrics' keys, and every drop counter, a non-zero one in
/// bold red. Rendered into a string console, no terminal and no timing involved.
/// </summary>
public sealed class MonitorViewTests
{
    private static readonly MonitorSnapshot Snapshot = new(
        TimeSpan.FromSeconds(75),
        [
            new MonitorRow("sched.runq", "cpu0", new HistogramSummary(1000, 500, 4000, 4_200, 9_000, 120_500, 880_000, 900_000, 2_404_400), Culprits()),
            new MonitorRow("sched.runq", "cpu1", new HistogramSummary(2000, 500, 3000, 3_800, 8_000, 115_800, 1_504_300, 1_600_000, 3_012_400), Culprits()),
            new MonitorRow("irq.duration", "cpu0/local_timer", new HistogramSummary(300, 1000, 15000, 14_500, 40_000, 61_000, 1_282_000, 1_282_000, 6_180_900), null),
            new MonitorRow("net.txq.latency", "eth0/tx0", new HistogramSummary(42, 1000, 2000, 2_100, 5_000, 9_900, 9_900, 9_900, 9_900), null),
        ],
        new EngineCounters(KernelSeen: 5000, KernelStreamed: 5000, KernelDropped: 0, KernelBelowMin: 0, KernelLost: 0,
            ReaderDelivered: 5000, ReaderMalformed: 0, RingDropped: 17, RingPublished: 4983, Recorded: 4983, AlertsSent: 3, Restarts: 0),
        AeronDropped: 0, AeronNotConnected: 1);

    private static CulpritReport Culprits()
    {
        TaskDelay[] top = [new(4242, "tm-fifo-hog", 12, 36_000_000), new(1, "systemd", 2, 10_000)];
        return new CulpritReport(top, top, new WorstEvent(3_012_400, 123, 4242, "tm-fifo-hog"), 0, 0);
    }

    private static string Render(IRenderable view, bool ansi)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 120;
        console.Write(view);
        return text.ToString();
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Live_view_shows_every_cpu_with_its_percentiles_and_culprits()
    {
        var lines = Render(MonitorLiveView.Render(Snapshot, "sched on CPUs all"), ansi: false).Split('\n');
        Assert.Contains(lines, l => Cells(l) is ["cpu0", "1000", "4.2", "120.5", "880.0", "2404.4"]);
        Assert.Contains(lines, l => Cells(l) is ["cpu1", "2000", "3.8", "115.8", "1504.3", "3012.4"]);
        Assert.Contains(lines, l => Cells(l) is ["cpu0/local_timer", "300", "14.5", "61.0", "1282.0", "6180.9"]);
        Assert.Contains(lines, l => Cells(l) is ["eth0/tx0", "42", "2.1", "9.9", "9.9", "9.9"]);
        Assert.Contains(lines, l => l.Contains("cpu1 culprits: tm-fifo-hog[4242] 12x 36000.0µs, systemd[1] 2x 10.0µs; worst 3012.4µs by tm-fifo-hog[4242]"));
        Assert.Contains(lines, l => l.Contains("up 1m15s"));
        Assert.Contains(lines, l => l.Contains("sched on CPUs all"));
    }

    [Fact]
    public void Live_view_shows_every_drop_counter_and_a_non_zero_one_in_bold_red()
    {
        string plain = Render(MonitorLiveView.Render(Snapshot, "x"), ansi: false);
        foreach (var (name, value) in Snapshot.Drops)
            Assert.Matches(new Regex($@"{Regex.Escape(name)}\s+{value}\b"), plain);
        Assert.Contains("DROPS: data lost", plain);

        // Bold (1) red (31 or 91) on the non-zero counter, not on a zero one.
        string ansi = Render(MonitorLiveView.Render(Snapshot, "x"), ansi: true);
        Assert.Matches(new Regex(@"\x1b\[1;(31|91)mring try-claim"), ansi);
        Assert.DoesNotMatch(new Regex(@"\x1b\[1;(31|91)mkernel ring"), ansi);

        string clean = Render(MonitorLiveView.Render(Snapshot with { Counters = Snapshot.Counters with { RingDropped = 0 } }, "x"), ansi: false);
        Assert.Contains("drops: none", clean);
    }

    [Fact]
    public void Plain_report_shows_the_same_rows_and_counters()
    {
        var lines = MonitorReport.Format(Snapshot).Split('\n');
        Assert.Equal("--- tradingmon monitor  t=75s  (since start; values in µs)", lines[0]);
        Assert.Contains(lines, l => Cells(l) is ["sched.runq", "cpu1", "2000", "3.8", "115.8", "1504.3", "3012.4"]);
        Assert.Contains(lines, l => Cells(l) is ["net.txq.latency", "eth0/tx0", "42", "2.1", "9.9", "9.9", "9.9"]);
        Assert.Contains(lines, l => l.Contains("culprits: tm-fifo-hog[4242] 12x 36000.0µs, systemd[1] 2x 10.0µs; worst 3012.4µs by tm-fifo-hog[4242]"));
        Assert.Contains("    drops: kernel ring 0, kernel unmeasurable 0, ring try-claim 17, malformed 0, aeron back pressure 0", lines);
        Assert.Equal("    alerts sent 3 (no subscriber connected for 1); actor restarts 0", lines[^1]);
    }

    [Fact]
    public void Tui_true_with_stdout_redirected_prints_the_plain_report_and_says_why()
    {
        var (code, stdout, stderr) = Tradingmon.Run(["monitor", "--duration", "1s", "--report", "0s", "--alerts", "aeron:udp?endpoint=127.0.0.1:40303"],
            env: new Dictionary<string, string> { ["TRADINGMON_tui"] = "true", ["TRADINGMON_sources"] = "sched" });
        Assert.True(code == 0, $"exit {code}; stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("tradingmon monitor: tui is true but stdout is not a terminal (redirected); printing the plain-text report", stderr.Split('\n').Select(l => l.TrimEnd()));
        Assert.Contains("--- tradingmon monitor  t=", stdout);
        Assert.Contains("    drops: kernel ring ", stdout);
    }

    [Fact]
    public void Bad_tui_value_names_what_is_allowed()
    {
        var (code, _, stderr) = Tradingmon.Run(["monitor", "--duration", "1s"], env: new Dictionary<string, string> { ["TRADINGMON_tui"] = "maybe" });
        Assert.Equal(2, code);
        Assert.Contains("key 'tui' has invalid value 'maybe'; allowed: auto (the live view when stdout is a terminal), true or false", stderr);
    }
}
