using System.Globalization;
using TradingMon.PerfLab.Scenarios;
using TradingMon.PerfLab.Sources;

namespace TradingMon.PerfLab.Results;

/// <summary>
/// Was the machine underneath noisier during a set of runs than when the baseline was recorded?
/// Read from the host control's series (<see cref="HostControl"/>): its median p90 beyond 1.25x
/// (and 10 µs), or its median p99 beyond 1.5x (and 20 µs). Deliberately quicker to say "noisier"
/// than the gate is to say "regressed": it only decides when a suspected regression is judged
/// again, never excuses one (the control is not fully independent of the scenario: it read noisier
/// through whole quick-hog confirmations in CI; perf-lab/README.md).
/// </summary>
public static class HostNoise
{
    private static readonly (string Percentile, double Ratio, double FloorNs)[] Limits =
        [("p90", 1.25, 10_000), ("p99", 1.5, 20_000)];

    /// <summary>The control of a set of runs against the baseline's, in one pass over the limits.</summary>
    public static HostNoiseReading Read(BaselineFile baseline, IReadOnlyList<SeriesSummary> current)
    {
        var c = current.FirstOrDefault(s => s.Metric == HostControl.Metric);
        var b = c is null ? null : baseline.Series.FirstOrDefault(s => s.Id == c.Id);
        if (b is null || c is null) return new HostNoiseReading(null, 1);
        var reasons = new List<string>();
        double level = 1;
        foreach (var (p, ratio, floor) in Limits)
        {
            if (!b.PercentilesNs.TryGetValue(p, out double bv) || !c.PercentilesNs.TryGetValue(p, out double cv)) continue;
            level = Math.Max(level, Judge.Ratio(bv, cv));
            if (cv > bv * ratio && cv - bv > floor)
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Metric} {c.Key} {p} {Quantity.FormatNs((long)cv)} against {Quantity.FormatNs((long)bv)} at baseline ({Judge.Ratio(bv, cv):0.00}x)"));
        }
        return new HostNoiseReading(reasons.Count == 0 ? null : string.Join(", ", reasons), level);
    }
}

/// <param name="Noisier">Null when the control shows no more noise than at baseline (or either side has no control); otherwise why it is noisier.</param>
/// <param name="Level">How much noisier: the control's worst ratio of medians over p90 and p99 (1 without a control).</param>
public sealed record HostNoiseReading(string? Noisier, double Level);
