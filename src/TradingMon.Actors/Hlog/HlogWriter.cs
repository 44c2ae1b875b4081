using System.Globalization;
using System.Text;
using TradingMon.Actors.Actors;
using TradingMon.Core;

namespace TradingMon.Actors.Hlog;

/// <summary>
/// Writes interval histograms as a standard HdrHistogram log (format 1.3): one file, one tagged line
/// per (key, interval), <c>Tag=&lt;metric&gt;:&lt;key&gt;</c> (sched.runq:cpu1, irq.duration:cpu0/virtio0-input.0).
/// UTF-8 without BOM and invariant-culture numbers, because the Java, Python and JS log readers
/// expect exactly that (HdrHistogram.NET's HistogramLogWriter writes UTF-16 and culture numbers).
/// Timestamps are seconds since the BaseTime header (the epoch time of the oldest interval);
/// Interval_Max is in ms, as HdrHistogram's tools show ns-recorded logs.
/// </summary>
public static class HlogWriter
{
    private const double MaxValueUnitRatio = 1e6; // ns -> ms

    /// <returns>The number of interval histograms written.</returns>
    public static int Write(string path, IReadOnlyList<KeyIntervals> keys, IClock clock)
    {
        // Intervals carry CLOCK_MONOTONIC ns; the log wants wall-clock seconds since the epoch.
        double monoToEpochSec = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1e3 - clock.NowNs / 1e9;
        var lines = keys
            .SelectMany(k => k.Intervals.Select(i => (Tag: Tag(k.Metric, k.Key), Interval: i)))
            .OrderBy(x => x.Interval.StartNs).ThenBy(x => x.Tag, StringComparer.Ordinal)
            .ToList();
        double baseSec = lines.Count == 0 ? monoToEpochSec + clock.NowNs / 1e9 : monoToEpochSec + lines[0].Interval.StartNs / 1e9;

        var text = new StringBuilder();
        text.Append("#[Logged with TradingMon]\n");
        text.Append("#[Histogram log format version 1.3]\n");
        text.Append(Invariant($"#[StartTime: {baseSec:F3} (seconds since epoch), {DateTimeOffset.FromUnixTimeMilliseconds((long)(baseSec * 1000)):yyyy-MM-ddTHH:mm:ss.fffZ}]\n"));
        text.Append(Invariant($"#[BaseTime: {baseSec:F3} (seconds since epoch)]\n"));
        text.Append("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
        foreach (var (tag, i) in lines)
        {
            double start = monoToEpochSec + i.StartNs / 1e9 - baseSec;
            double length = (i.EndNs - i.StartNs) / 1e9;
            string histogram = Convert.ToBase64String(HistogramV2Encoding.EncodeCompressed(i));
            text.Append(Invariant($"Tag={tag},{start:F3},{length:F3},{i.MaxNs / MaxValueUnitRatio:F3},{histogram}\n"));
        }
        try
        {
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TradingMonException($"cannot write interval log {path}: {e.Message} (check the directory exists and is writable)", e);
        }
        return lines.Count;
    }

    /// <summary>Log tags end at a comma and readers split on whitespace: neither may appear in one.</summary>
    public static string Tag(Metric metric, string key)
    {
        var tag = new StringBuilder(metric.Name()).Append(':');
        foreach (char c in key) tag.Append(c == ',' || char.IsWhiteSpace(c) ? '_' : c);
        return tag.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
