using System.Globalization;
using HdrHistogram;
using TradingMon.PerfLab.Report;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab;

/// <summary>
/// The gate: validate every scenario (and find every baseline) before anything runs, run each
/// scenario N times, reduce to medians, then record a baseline or compare with one and report.
/// </summary>
public sealed class Bench(BenchOptions options, TextWriter console)
{
    public int Run()
    {
        var scenarios = options.ScenarioFiles().Select(ScenarioFile.Load).ToList();
        var store = new BaselineStore(options.BaselinesDir);
        var baselines = options.UpdateBaseline ? null : scenarios.ToDictionary(s => s.Name, s => store.Read(s.BaselineName));
        Directory.CreateDirectory(options.OutDir);

        var rows = new List<ComparisonRow>();
        var sections = new List<Action<MarkdownReport>>();
        foreach (var scenario in scenarios)
        {
            int repeat = options.Repeat ?? scenario.Repeat ?? BenchOptions.DefaultRepeat;
            long durationNs = options.Quick ? scenario.QuickDurationNs : scenario.DurationNs;
            var (summaries, logs) = Record(scenario, repeat, durationNs);
            var section = new List<Action<MarkdownReport>> { r => r.AddScenario(scenario, repeat, durationNs / 1e9) };

            if (baselines is null)
            {
                store.Write(new BaselineFile(scenario.Name, DateTime.UtcNow, Environment.MachineName, Environment.OSVersion.Version.ToString(),
                    repeat, durationNs / 1e9, options.Quick, summaries), logs);
                console.WriteLine($"{scenario.Name}: baseline recorded in {store.PathOf(scenario.Name)}");
                section.Add(r => r.AddRecorded(summaries));
                AddPlots(section, scenario, null, summaries);
            }
            else
            {
                var baseline = baselines[scenario.Name];
                var scenarioRows = Comparison.Compare(scenario, baseline, summaries);
                rows.AddRange(scenarioRows);
                section.Add(r => r.AddVerdicts(scenarioRows));
                AddPlots(section, scenario, baseline, summaries);
            }
            sections.AddRange(section);
        }

        int regressions = rows.Count(r => r.Verdict == Verdict.Regressed.Text());
        var report = new MarkdownReport(options, regressions, options.UpdateBaseline);
        foreach (var add in sections) add(report);
        report.Save(Path.Combine(options.OutDir, "report.md"));
        Json.Write(Path.Combine(options.OutDir, "summary.json"), rows);

        if (!options.UpdateBaseline) Conclude(rows, regressions);
        console.WriteLine($"report: {Path.Combine(options.OutDir, "report.md")}");
        return regressions > 0 ? Program.Regression : Program.Pass;
    }

    private (List<SeriesSummary> Summaries, List<string> Logs) Record(Scenario scenario, int repeat, long durationNs)
    {
        var runs = new List<Dictionary<SeriesId, HistogramBase>>();
        var logs = new List<string>();
        string dir = Path.Combine(options.OutDir, scenario.Name);
        Directory.CreateDirectory(dir);
        using var kernel = ScenarioRun.KernelSourceFor(scenario, console);
        kernel?.Start();
        for (int k = 1; k <= repeat; k++)
        {
            console.WriteLine($"{scenario.Name}: run {k}/{repeat}, {Quantity.FormatNs(durationNs)}");
            long startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var run = ScenarioRun.Execute(scenario, durationNs, kernel, console);
            runs.Add(run);
            string log = Path.Combine(dir, $"run-{k}.hlog");
            RunLog.Write(log, run, startMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            logs.Add(log);
        }
        var summaries = scenario.Metrics.Select(m =>
        {
            var id = new SeriesId(m.Name, m.Key);
            return SeriesSummary.FromRuns(id, runs.Select(r => r[id]).ToArray(), m.Rules.Select(r => r.Percentile));
        }).ToList();
        return (summaries, logs);
    }

    private void AddPlots(List<Action<MarkdownReport>> section, Scenario scenario, BaselineFile? baseline, List<SeriesSummary> current)
    {
        foreach (var c in current)
        {
            string file = $"{scenario.Name}-{c.Id.FileStem}.png";
            string title = $"{scenario.Name}: {c.Metric} {c.Key}";
            PercentilePlot.Save(Path.Combine(options.OutDir, file), title, baseline?.Series.FirstOrDefault(b => b.Id == c.Id), c);
            section.Add(r => r.AddPlot(title, file));
        }
    }

    private void Conclude(List<ComparisonRow> rows, int regressions)
    {
        console.WriteLine();
        TerminalTable.Write(console, TerminalTable.Header, rows.Select(TerminalTable.Cells));
        console.WriteLine();
        int thin = rows.Count(r => r.Verdict == Verdict.NotEnoughSamples.Text());
        if (thin > 0) console.WriteLine($"warning: {thin} check(s) had not enough samples and did not count; lengthen the scenario or lower min_samples");
        console.WriteLine(regressions == 0
            ? $"PASS: no regression in {rows.Count} checks"
            : $"FAIL: {regressions} of {rows.Count} checks regressed");
    }
}
