namespace TradingMon.PerfLab.Results;

/// <summary>One recorded series: a metric's wire name and its key (<c>sched.runq</c> / <c>cpu1</c>, <c>probe.latency</c> / <c>probe</c>).</summary>
public readonly record struct SeriesId(string Metric, string Key)
{
    public override string ToString() => $"{Metric} {Key}";

    /// <summary>A name safe in file names: <c>sched.runq-cpu1</c>, <c>softirq.duration-cpuALL-NET_RX</c>.</summary>
    public string FileStem => $"{Metric}-{Key.Replace("*", "ALL").Replace('/', '-')}";
}
