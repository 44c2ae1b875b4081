using HdrHistogram;
using TradingMon.PerfLab.Results;
using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Sources;

/// <summary>
/// Picks a scenario metric's series out of what a run recorded: the exact key, or for a key with
/// <c>*</c> (<c>cpu*/NET_RX</c>) the sum of every matching key's histogram.
/// </summary>
public static class SeriesSelector
{
    public static HistogramBase Select(MetricSpec metric, IReadOnlyDictionary<SeriesId, HistogramBase> recorded)
    {
        var merged = new LongHistogram(1, LatencyProbeOptions.HighestTrackableNs, 3);
        foreach (var (id, histogram) in recorded)
            if (id.Metric == metric.Name && KeyMatches(metric.Key, id.Key)) merged.Add(histogram);
        return merged;
    }

    /// <summary>Glob match where <c>*</c> stands for any run of characters within a key.</summary>
    public static bool KeyMatches(string pattern, string key)
    {
        int star = pattern.IndexOf('*');
        if (star < 0) return pattern == key;
        string head = pattern[..star], rest = pattern[(star + 1)..];
        if (!key.StartsWith(head, StringComparison.Ordinal)) return false;
        for (int i = head.Length; i <= key.Length; i++)
            if (KeyMatches(rest, key[i..])) return true;
        return false;
    }
}
