using System.Globalization;

namespace TradingMon.PerfLab.Scenarios;

/// <summary>A percentile as scenario files and reports spell it: <c>p50</c>, <c>p99</c>, <c>p99.9</c>, or <c>max</c>.</summary>
public readonly record struct Percentile(double Value)
{
    public static readonly Percentile Max = new(100);

    public bool IsMax => Value >= 100;

    public override string ToString() => IsMax ? "max" : "p" + Value.ToString("0.#####", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>pN</c> with 0 &lt; N &lt; 100, or <c>max</c>; false for anything else.</summary>
    public static bool TryParse(string text, out Percentile percentile)
    {
        percentile = default;
        if (text == "max") { percentile = Max; return true; }
        if (text.Length < 2 || text[0] != 'p') return false;
        if (!double.TryParse(text.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v)) return false;
        if (v <= 0 || v >= 100) return false;
        percentile = new Percentile(v);
        return true;
    }
}
