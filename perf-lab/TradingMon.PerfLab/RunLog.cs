using System.Globalization;
using System.Text;
using HdrHistogram;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Hlog;
using TradingMon.Core;
using TradingMon.PerfLab.Results;
using TradingMon.Workloads;

namespace TradingMon.PerfLab;

/// <summary>
/// Writes one run's histograms as a standard HdrHistogram log (format 1.3, UTF-8, invariant
/// numbers): one interval per series covering the whole run, tagged <c>metric:key</c>.
/// The histogram encoding is the actors' <see cref="HistogramV2Encoding"/> (the one other
/// HdrHistogram tools read back); only the lines are laid out here, because the actors'
/// <see cref="HlogWriter"/> takes kernel metrics only and <c>probe.latency</c> is not one.
/// </summary>
public static class RunLog
{
    private static readonly BucketLayout Layout = new(LatencyProbeOptions.HighestTrackableNs, 3);

    public static void Write(string path, IReadOnlyDictionary<SeriesId, HistogramBase> run, long startMs, long endMs)
    {
        double baseSec = startMs / 1e3, lengthSec = (endMs - startMs) / 1e3;
        var text = new StringBuilder();
        text.Append("#[Logged with TradingMon perf-lab]\n");
        text.Append("#[Histogram log format version 1.3]\n");
        text.Append(Invariant($"#[StartTime: {baseSec:F3} (seconds since epoch), {DateTimeOffset.FromUnixTimeMilliseconds(startMs):yyyy-MM-ddTHH:mm:ss.fffZ}]\n"));
        text.Append(Invariant($"#[BaseTime: {baseSec:F3} (seconds since epoch)]\n"));
        text.Append("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
        foreach (var (id, h) in run.OrderBy(x => x.Key.ToString(), StringComparer.Ordinal))
        {
            var sparse = SparseHistogram.FromValues(Layout, startMs * 1_000_000, endMs * 1_000_000,
                h.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)));
            string encoded = Convert.ToBase64String(HistogramV2Encoding.EncodeCompressed(sparse));
            // Interval_Max in ms, as HdrHistogram's tools show ns-recorded logs (same convention as HlogWriter).
            text.Append(Invariant($"Tag={id.Metric}:{id.Key},0.000,{lengthSec:F3},{sparse.MaxNs / 1e6:F3},{encoded}\n"));
        }
        try
        {
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TradingMonException($"cannot write run log {path}: {e.Message} (is --out writable?)", e);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
