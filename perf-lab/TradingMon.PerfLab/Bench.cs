using System.Globalization;
using HdrHistogram;
using TradingMon.PerfLab.Report;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

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

    /// <summary>How many times a suspected regression is recorded again while the host is noisier than at baseline.</summary>
    private const int ConfirmAttempts = 4;

    /// <summary>
    /// The pause before confirmation attempt k is k times this: the host's noisy spells last tens of
    /// seconds (a minute at worst seen here), so the attempts spread over about two minutes.
    /// </summary>
    private static readonly TimeSpan ConfirmPause = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A suspected regression is recorded a second time and stands only where the second set of runs
    /// regresses too. Why: on this kind of VM the host sometimes takes the vCPUs away for several
    /// milliseconds, again and again for ten seconds to a minute (cyclictest on an idle guest shows
    /// p99 swinging 40 µs -> 400 µs and maxima of 10 ms with no steal accounted); a whole set of runs,
    /// and the set right after it, can fall inside such a spell and beat every baseline run.
    /// So the confirmation waits for a quiet host: the host control (<see cref="HostControl"/>) sees a
    /// spell on a CPU the scenario leaves alone, and a set recorded in one is recorded again after a
    /// longer pause, up to <see cref="ConfirmAttempts"/> sets. The first set on a host no noisier than
    /// at baseline judges; if there is none, the least noisy set does. The control never excuses a
    /// regression by itself: it does not always stay flat under a real change (CI saw it 1.6–15x
    /// noisier through every quick-hog confirmation set; perf-lab/README.md), and a real change must
    /// still be caught then. The confirmations' runs go to <c>SCENARIO/confirm/</c>
    /// (then <c>confirm-2/</c>, ...); the rows keep the first pass's figures.
    /// </summary>
    private (List<ComparisonRow> Rows, string Note) Confirm(Scenario scenario, BaselineFile baseline, List<ComparisonRow> first, int repeat, long durationNs)
    {
        int suspected = first.Count(IsRegressed);
        console.WriteLine($"{scenario.Name}: {suspected} check(s) regressed; confirming with {repeat} more runs (a regression must hold twice; a set recorded while the host is noisier than at baseline is recorded again)");
        List<ComparisonRow>? judging = null;
        double judgingLevel = double.MaxValue;
        int judgingAttempt = 0;
        var noisy = new List<string>();
        for (int attempt = 1; attempt <= ConfirmAttempts; attempt++)
        {
            Thread.Sleep(ConfirmPause * attempt);
            string dir = Path.Combine(scenario.Name, attempt == 1 ? "confirm" : $"confirm-{attempt}");
            var (again, _) = Record(scenario, repeat, durationNs, dir);
            var (host, noiseLevel) = HostNoise.Read(baseline, again);
            double level = host is null ? 0 : noiseLevel; // a quiet set always judges
            if (level < judgingLevel) (judging, judgingLevel, judgingAttempt) = (Comparison.Compare(scenario, baseline, again), level, attempt);
            if (host is null) break;
            noisy.Add($"set {attempt}: {host}");
            console.WriteLine($"{scenario.Name}: the host was noisier than at baseline ({host})"
                + (attempt < ConfirmAttempts ? "; recording again after a pause" : ""));
        }

        var result = new List<ComparisonRow>(first.Count);
        var unconfirmed = new List<string>();
        for (int i = 0; i < first.Count; i++)
        {
            var row = first[i];
            if (IsRegressed(row) && !IsRegressed(judging![i]))
            {
                unconfirmed.Add($"{row.Metric} {row.Key} {row.Percentile} ({row.Ratio:0.00}x, then {judging[i].Ratio:0.00}x)");
                row = row with { Verdict = Verdict.WithinNoise.Text() };
            }
            result.Add(row);
        }
        int confirmed = suspected - unconfirmed.Count;
        string set = noisy.Count == 0 ? $"{repeat} more runs"
            : judgingLevel == 0 ? $"{repeat} more runs (set {judgingAttempt}; before it {noisy.Count} set(s) recorded while the host was noisier: {string.Join("; ", noisy)})"
            : $"{repeat} more runs (set {judgingAttempt}, the least noisy: the host was noisier than at baseline in all {ConfirmAttempts} sets: {string.Join("; ", noisy)})";
        string note = unconfirmed.Count == 0
            ? $"confirmation: all {suspected} regressed check(s) regressed again in {set}"
            : $"confirmation: {confirmed} of {suspected} regressed check(s) regressed again in {set}; not confirmed, so counted as within noise: {string.Join("; ", unconfirmed)}";
        console.WriteLine($"{scenario.Name}: {note}");
        return (result, note);
    }

    private (List<SeriesSummary> Summaries, List<string> Logs) Record(Scenario scenario, int repeat, long durationNs, string? subDir = null)
    {
        var runs = new List<Dictionary<SeriesId, HistogramBase>>();
        var logs = new List<string>();
        string dir = Path.Combine(options.OutDir, subDir ?? scenario.Name);
        Directory.CreateDirectory(dir);
        using var kernel = EngineSource.For(scenario, console);
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
        // Series without rules (the host control, for HostNoise; a pipeline workload's references) are
        // summarised and kept in a baseline all the same.
        var ruled = scenario.Metrics.Select(m => new SeriesId(m.Name, m.Key)).ToHashSet();
        foreach (var id in runs[0].Keys.Where(k => !ruled.Contains(k) && runs.All(r => r.ContainsKey(k))).OrderBy(k => k.ToString(), StringComparer.Ordinal))
            summaries.Add(SeriesSummary.FromRuns(id, runs.Select(r => r[id]).ToArray(), []));
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
