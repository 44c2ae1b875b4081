using HdrHistogram;
using TradingMon.PerfLab.Results;

namespace TradingMon.PerfLab.Sources;

/// <summary>Something that records latency series during one run: the probe itself, or the monitor engine.</summary>
public interface IMetricSource : IDisposable
{
    void Start();

    /// <summary>Stops recording and returns every series recorded, in ns.</summary>
    IReadOnlyDictionary<SeriesId, HistogramBase> Stop();
}
