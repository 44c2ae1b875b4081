using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Results;

/// <summary>Applies a scenario's rules to its current summaries against the baseline's.</summary>
public static class Comparison
{
    public static List<ComparisonRow> Compare(Scenario scenario, BaselineFile baseline, IReadOnlyList<SeriesSummary> current)
    {
        var rows = new List<ComparisonRow>();
        foreach (var metric in scenario.Metrics)
        {
            var id = new SeriesId(metric.Name, metric.Key);
            var b = baseline.Series.FirstOrDefault(s => s.Id == id)
                ?? throw new TradingMonException($"baseline '{baseline.Scenario}' has no series {id}; record it again with --update-baseline");
            var c = current.First(s => s.Id == id);
            foreach (var rule in metric.Rules)
            {
                string p = rule.Percentile.ToString();
                if (!b.RunsNs.TryGetValue(p, out var bRuns))
                    throw new TradingMonException($"baseline '{baseline.Scenario}' has no {p} for {id}; record it again with --update-baseline");
                double bv = b.PercentilesNs[p], cv = c.PercentilesNs[p];
                var verdict = Judge.Decide(bRuns, c.RunsNs[p], b.Count, c.Count, rule.Percentile.Value, metric.MinSamples, rule.MaxRatio, metric.NoiseFloorNs);
                rows.Add(new ComparisonRow(scenario.Name, metric.Name, metric.Key, p, bv, cv, Judge.Ratio(bv, cv), rule.MaxRatio, verdict.Text()));
            }
        }
        return rows;
    }
}
