using System.Globalization;
using TradingMon.Core;

namespace TradingMon.Cli.Commands;

/// <summary>Parses durations as users write them: 500ms, 5s, 2m, 1h, 250us.</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text, string optionName)
    {
        string t = text.Trim();
        (string unit, double scale)[] units = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("ns", 1e-9), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (unit, scale) in units)
        {
            if (t.EndsWith(unit, StringComparison.Ordinal) &&
                double.TryParse(t[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0)
                return TimeSpan.FromSeconds(v * scale);
        }
        throw new TradingMonException($"{optionName} '{text}' is not a duration: write it like 500ms, 5s, 2m or 1h");
    }
}
