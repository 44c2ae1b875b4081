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
                if (scenarioRows.Any(IsRegressed))
                {
                    var (confirmation, note) = Confirm(scenario, baseline, scenarioRows, repeat, durationNs);
                    scenarioRows = confirmation;
                    section.Add(r => r.AddNote(note));
                }
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

    private static bool IsRegressed(ComparisonRow row) => row.Verdict == Verdict.Regressed.Text();

    /// <summary>
    /// A suspected regression is recorded a second time and stands only where the second set of runs
    /// regresses too. Why: on this kind of VM the host sometimes takes the vCPU away for several
    /// milliseconds, again and again for ten seconds or more (cyclictest on an idle guest shows p99
    /// swinging 40 µs -> 240 µs and maxima of 10 ms with no steal accounted); a whole set of runs can
    /// fall inside such a spell and beat every baseline run. A real change (a hog, a slower kernel)
    /// is still there on the second pass; the spell usually is not. The confirmation's runs go to
    /// <c>SCENARIO/confirm/</c>; the rows keep the first pass's figures.
    /// </summary>
    private (List<ComparisonRow> Rows, string Note) Confirm(Scenario scenario, BaselineFile baseline, List<ComparisonRow> first, int repeat, long durationNs)
    {
        int suspected = first.Count(IsRegressed);
        console.WriteLine($"{scenario.Name}: {suspected} check(s) regressed; confirming with {repeat} more runs (a regression must hold twice)");
        var (again, _) = Record(scenario, repeat, durationNs, Path.Combine(scenario.Name, "confirm"));
        var second = Comparison.Compare(scenario, baseline, again);
        var result = new List<ComparisonRow>(first.Count);
        var unconfirmed = new List<string>();
        for (int i = 0; i < first.Count; i++)
        {
            var row = first[i];
            if (IsRegressed(row) && !IsRegressed(second[i]))
            {
                unconfirmed.Add($"{row.Metric} {row.Key} {row.Percentile} ({row.Ratio:0.00}x, then {second[i].Ratio:0.00}x)");
                row = row with { Verdict = Verdict.WithinNoise.Text() };
            }
            result.Add(row);
        }
        int confirmed = suspected - unconfirmed.Count;
        string note = unconfirmed.Count == 0
            ? $"confirmation: all {suspected} regressed check(s) regressed again in {repeat} more runs"
            : $"confirmation: {confirmed} of {suspected} regressed check(s) regressed again in {repeat} more runs; not confirmed, so counted as within noise: {string.Join("; ", unconfirmed)}";
        console.WriteLine($"{scenario.Name}: {note}");
        return (result, note);
    }

    private (List<SeriesSummary> Summaries, List<string> Logs) Record(Scenario scenario, int repeat, long durationNs, string? subDir = null)
    {
        var runs = new List<Dictionary<SeriesId, HistogramBase>>();
        var logs = new List<string>();
        string dir = Path.Combine(options.OutDir, subDir ?? scenario.Name);
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
