using HdrHistogram;
using TradingMon.PerfLab.Results;

namespace TradingMon.PerfLab;

/// <summary>Writes one run's histograms as an .hlog, one tagged interval per series.</summary>
public static class RunLog
{
    public static void Write(string path, IReadOnlyDictionary<SeriesId, HistogramBase> run, long startMs, long endMs)
    {
        // TODO(actors): use the UTF-8 .hlog writer from the actors branch once it lands.
    }
}
