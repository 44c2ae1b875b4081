namespace TradingMon.PerfLab.Results;

/// <summary>
/// <c>perf-lab/baselines/NAME/summary.json</c>: the summaries a later run is compared with, and how
/// they were recorded. The runs' .hlog files sit beside it for other HdrHistogram tools.
/// </summary>
public sealed record BaselineFile(
    string Scenario,
    DateTime RecordedUtc,
    string Host,
    string Kernel,
    int Runs,
    double DurationS,
    bool Quick,
    IReadOnlyList<SeriesSummary> Series);
