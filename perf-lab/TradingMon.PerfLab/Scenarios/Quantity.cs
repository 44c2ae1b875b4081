using System.Globalization;

namespace TradingMon.PerfLab.Scenarios;

/// <summary>Durations (<c>"500us"</c>, <c>"5ms"</c>, <c>"10s"</c>), sizes (<c>"16kb"</c>) and rates (<c>"100mbit"</c>) as scenario files write them.</summary>
public static class Quantity
{
    private static readonly (string Suffix, double Factor)[] TimeUnits = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)];
    private static readonly (string Suffix, double Factor)[] SizeUnits = [("kb", 1024), ("mb", 1024 * 1024), ("b", 1)];
    private static readonly (string Suffix, double Factor)[] RateUnits = [("kbit", 1e3), ("mbit", 1e6), ("gbit", 1e9), ("bit", 1)];

    public const string TimeHelp = "a duration with a unit: ns, us, ms or s (e.g. \"500us\")";
    public const string SizeHelp = "a size with a unit: b, kb or mb (e.g. \"16kb\")";
    public const string RateHelp = "a rate with a unit: bit, kbit, mbit or gbit (e.g. \"100mbit\")";

    public static bool TryParseNs(string text, out long ns) => TryParse(text, TimeUnits, out ns);
    public static bool TryParseBytes(string text, out long bytes) => TryParse(text, SizeUnits, out bytes);
    public static bool TryParseBitsPerSecond(string text, out long bps) => TryParse(text, RateUnits, out bps);

    private static bool TryParse(string text, (string Suffix, double Factor)[] units, out long value)
    {
        value = 0;
        foreach (var (suffix, factor) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var number = text.AsSpan(0, text.Length - suffix.Length).Trim();
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || v < 0) return false;
            value = (long)Math.Round(v * factor);
            return true;
        }
        return false;
    }

    /// <summary>ns as a person reads it: 850ns, 12.3µs, 4.56ms, 1.2s.</summary>
    public static string FormatNs(double ns) => ns switch
    {
        < 1e3 => ns.ToString("0", CultureInfo.InvariantCulture) + "ns",
        < 1e6 => (ns / 1e3).ToString("0.0#", CultureInfo.InvariantCulture) + "µs",
        < 1e9 => (ns / 1e6).ToString("0.0##", CultureInfo.InvariantCulture) + "ms",
        _ => (ns / 1e9).ToString("0.0##", CultureInfo.InvariantCulture) + "s",
    };
}
