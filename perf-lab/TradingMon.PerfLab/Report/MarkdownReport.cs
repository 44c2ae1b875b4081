using System.Globalization;
using System.Text;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Report;

/// <summary>Builds <c>DIR/report.md</c>: how the run was made, then per scenario the verdict table and one plot per metric.</summary>
public sealed class MarkdownReport
{
    private readonly StringBuilder _md = new();

    public MarkdownReport(BenchOptions options, int regressions, bool recording)
    {
        _md.AppendLine("# perf-lab report").AppendLine();
        _md.AppendLine(CultureInfo.InvariantCulture, $"- finished: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC on `{Environment.MachineName}`, kernel `{Environment.OSVersion.Version}`, {Environment.ProcessorCount} CPUs");
        _md.AppendLine(CultureInfo.InvariantCulture, $"- mode: {(recording ? "baseline recorded (--update-baseline)" : "compared with baselines")}{(options.Quick ? ", quick durations" : "")}; baselines: `{options.BaselinesDir}`");
        if (!recording)
            _md.AppendLine(CultureInfo.InvariantCulture, $"- result: **{(regressions == 0 ? "PASS" : $"FAIL: {regressions} regressed")}**");
        _md.AppendLine("- each figure is the median over the scenario's runs; a change is a verdict only beyond the rule's ratio, beyond the metric's noise floor, with the runs on the two sides barely overlapping (one-sided Mann–Whitney U at 1 %), and (for a regression) again in a second set of runs").AppendLine();
    }

    public void AddScenario(Scenario s, int runs, double durationS)
    {
        _md.AppendLine(CultureInfo.InvariantCulture, $"## {s.Name}").AppendLine();
        if (s.Description.Length > 0) _md.AppendLine(s.Description).AppendLine();
        var w = s.Workload;
        if (w.Pipeline is not null) _md.AppendLine(CultureInfo.InvariantCulture, $"- workload: {w.Type} on CPU {w.Cpu}: {w.Pipeline}");
        else _md.AppendLine(CultureInfo.InvariantCulture, $"- workload: {w.Type} on CPU {w.Cpu}, period {Quantity.FormatNs(w.PeriodNs)}, {(w.FifoPriority == 0 ? "SCHED_OTHER" : $"SCHED_FIFO {w.FifoPriority}")}{(w.PartnerCpu is { } p ? $", ping-pong from CPU {p}" : "")}");
        _md.AppendLine(CultureInfo.InvariantCulture, $"- noise: {(s.Noise.Count == 0 ? "none" : string.Join("; ", s.Noise))}");
        _md.AppendLine(CultureInfo.InvariantCulture, $"- {runs} runs of {durationS:0.#} s; baseline: `{s.BaselineName}`").AppendLine();
    }

    public void AddVerdicts(IEnumerable<ComparisonRow> rows)
    {
        _md.AppendLine("| metric | key | pct | baseline | current | ratio | limit | verdict |");
        _md.AppendLine("|---|---|---|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var c = TerminalTable.Cells(r);
            string verdict = r.Verdict == Verdict.Regressed.Text() ? $"**{r.Verdict}**" : r.Verdict;
            _md.AppendLine(CultureInfo.InvariantCulture, $"| {c[1]} | `{c[2]}` | {c[3]} | {c[4]} | {c[5]} | {c[6]} | {c[7]} | {verdict} |");
        }
        _md.AppendLine();
    }

    public void AddRecorded(IEnumerable<SeriesSummary> series)
    {
        _md.AppendLine("| metric | key | samples | p50 | p90 | p99 | p99.9 | max |");
        _md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in series)
        {
            string P(string p) => Quantity.FormatNs(s.PercentilesNs[p]);
            _md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Metric} | `{s.Key}` | {s.Count} | {P("p50")} | {P("p90")} | {P("p99")} | {P("p99.9")} | {P("max")} |");
        }
        _md.AppendLine();
    }

    public void AddNote(string text) => _md.AppendLine(CultureInfo.InvariantCulture, $"- {text}").AppendLine();

    public void AddPlot(string title, string fileName) => _md.AppendLine(CultureInfo.InvariantCulture, $"![{title}]({fileName})").AppendLine();

    public void Save(string path) => File.WriteAllText(path, _md.ToString());
}
