namespace TradingMon.PerfLab.Results;

/// <summary>
/// One line of the verdict table and of <c>summary.json</c>: values in ns (medians of the runs),
/// <c>Ratio</c> = current/baseline, <c>Limit</c> = the ratio the rule allows.
/// </summary>
public sealed record ComparisonRow(
    string Scenario,
    string Metric,
    string Key,
    string Percentile,
    double Baseline,
    double Current,
    double Ratio,
    double Limit,
    string Verdict);
