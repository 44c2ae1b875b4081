using System.Globalization;

namespace TradingMon.Actors.Rules;

/// <summary>Parses "50us", "1.5ms", "10s", "2m" into ns. Units are required: a bare number is ambiguous.</summary>
public static class Units
{
    private static readonly (string Suffix, double Ns)[] Suffixes =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9),
    ];

    /// <summary>Null and a reason when <paramref name="text"/> is not a non-negative duration with a unit.</summary>
    public static long? TryParseNs(string text, out string? problem)
    {
        string t = text.Trim();
        foreach (var (suffix, ns) in Suffixes)
        {
            if (!t.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string number = t[..^suffix.Length].Trim();
            // "5ms" also ends with "s": only accept the suffix if what precedes it is a number.
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) continue;
            if (v < 0 || double.IsNaN(v) || double.IsInfinity(v))
            {
                problem = $"'{text}' is negative or not finite; use a value >= 0";
                return null;
            }
            problem = null;
            return (long)Math.Round(v * ns);
        }
        problem = $"'{text}' is not a duration with a unit; write e.g. 50us, 1.5ms, 10s (units: ns, us, ms, s, m)";
        return null;
    }
}
