using System.Globalization;
using TradingMon.Actors.Histograms;

namespace TradingMon.Actors.Hlog;

/// <summary>
/// Reads an HdrHistogram log (as written by <see cref="HlogWriter"/> or any HdrHistogram tool) back
/// into tagged intervals. Start/end are ns since the log's BaseTime (or StartTime).
/// </summary>
public static class HlogReader
{
    public sealed record Entry(string? Tag, SparseHistogram Histogram, double IntervalMaxMs);

    public static IReadOnlyList<Entry> Read(string path)
    {
        var entries = new List<Entry>();
        foreach (var raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == '"') continue;
            var fields = line.Split(',');
            string? tag = null;
            if (fields[0].StartsWith("Tag=", StringComparison.Ordinal))
            {
                tag = fields[0][4..];
                fields = fields[1..];
            }
            if (fields.Length != 4) throw new InvalidDataException($"{path}: interval line with {fields.Length} fields, expected 4: {line}");
            double start = double.Parse(fields[0], CultureInfo.InvariantCulture);
            double length = double.Parse(fields[1], CultureInfo.InvariantCulture);
            double max = double.Parse(fields[2], CultureInfo.InvariantCulture);
            var h = HistogramV2Encoding.DecodeCompressed(Convert.FromBase64String(fields[3]), (long)(start * 1e9), (long)((start + length) * 1e9));
            entries.Add(new Entry(tag, h, max));
        }
        return entries;
    }
}
