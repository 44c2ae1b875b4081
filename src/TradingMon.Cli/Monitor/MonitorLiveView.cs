using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The live terminal view of a <see cref="MonitorSnapshot"/>, redrawn in place every report period: the
/// same rows and counters as <see cref="MonitorReport"/>. Counters and drops come first, so a short
/// terminal crops the least important rows (the bottom of the IRQ/softirq/NIC table), never the losses;
/// a non-zero drop counter is bold red and turns its panel red: lost data must not hide in a row of zeros.
/// </summary>
public static class MonitorLiveView
{
    private static readonly Style Bold = new(decoration: Decoration.Bold);
    private static readonly Style Alarm = new(Color.Red, decoration: Decoration.Bold);

    /// <param name="setup">What is watched and where alerts go (the start line's content).</param>
    public static IRenderable Render(MonitorSnapshot snapshot, string setup)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = new Text(string.Create(inv, $"tradingmon monitor  up {Uptime(snapshot.Elapsed)}  figures since start, µs\n{setup}"), Bold);
        var parts = new List<IRenderable> { header, new Columns(Flow(snapshot), Drops(snapshot)) { Expand = false } };

        var runq = TailTable("cpu");
        var culprits = new List<IRenderable>();
        var other = TailTable("key");
        string? metric = null;
        foreach (var row in snapshot.Rows)
        {
            if (row.Metric == MonitorSnapshot.RunQueue)
            {
                AddTail(runq, new Text(row.Key), row);
                culprits.Add(new Text($"{row.Key} culprits: {row.CulpritsText()}"));
                continue;
            }
            // One heading row per metric instead of a metric column: the table fits an 80-column terminal.
            if (row.Metric != metric) other.AddRow(new Text(metric = row.Metric, new Style(Color.Yellow, decoration: Decoration.Bold)));
            AddTail(other, new Text("  " + row.Key), row);
        }
        parts.Add(runq.Title("run-queue latency (sched.runq)"));
        parts.AddRange(culprits);
        if (other.Rows.Count > 0) parts.Add(other.Title("IRQ, softirq and NIC queues (worst keys by max)"));
        return new Rows(parts);
    }

    /// <summary>Shown until the first report period has passed.</summary>
    public static IRenderable Waiting(string setup, TimeSpan reportEvery) =>
        new Rows(new Text($"tradingmon monitor\n{setup}", Bold),
                 new Text(string.Create(CultureInfo.InvariantCulture, $"first figures after {reportEvery.TotalSeconds:0.#}s ..."), new Style(Color.Grey)));

    private static Table TailTable(string keyHeading)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn(keyHeading);
        foreach (string h in new[] { "count", "p50", "p99", "p99.9", "max" }) table.AddColumn(new TableColumn(h).RightAligned());
        return table;
    }

    private static void AddTail(Table table, Text key, MonitorRow row)
    {
        var s = row.Summary;
        table.AddRow(key, new Text(s.Count.ToString(CultureInfo.InvariantCulture)), new Text(MonitorSnapshot.Us(s.P50Ns)),
            new Text(MonitorSnapshot.Us(s.P99Ns)), new Text(MonitorSnapshot.Us(s.P999Ns)), new Text(MonitorSnapshot.Us(s.MaxNs), Bold));
    }

    private static Panel Flow(MonitorSnapshot snapshot)
    {
        var c = snapshot.Counters;
        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        void Add(string name, long value, Style style) => grid.AddRow(new Text(name), new Text(value.ToString(CultureInfo.InvariantCulture), style));
        Add("kernel seen", (long)c.KernelSeen, Style.Plain);
        Add("kernel streamed", (long)c.KernelStreamed, Style.Plain);
        Add("kernel below-min", (long)c.KernelBelowMin, Style.Plain);
        Add("recorded", c.Recorded, Style.Plain);
        Add("alerts sent", c.AlertsSent, c.AlertsSent != 0 ? new Style(Color.Yellow, decoration: Decoration.Bold) : Style.Plain);
        Add("no subscriber connected", snapshot.AeronNotConnected, Style.Plain);
        Add("actor restarts", c.Restarts, c.Restarts != 0 ? Alarm : Style.Plain);
        return new Panel(grid).Header("events and alerts");
    }

    private static Panel Drops(MonitorSnapshot snapshot)
    {
        bool lost = false;
        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        foreach (var (name, value) in snapshot.Drops)
        {
            var style = value != 0 ? Alarm : new Style(Color.Green);
            lost |= value != 0;
            grid.AddRow(new Text(name, style), new Text(value.ToString(CultureInfo.InvariantCulture), style));
        }
        return new Panel(grid).Header(lost ? "DROPS: data lost" : "drops: none").BorderStyle(lost ? Alarm : new Style(Color.Green));
    }

    private static string Uptime(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s");
}
