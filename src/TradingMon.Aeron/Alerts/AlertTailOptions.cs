using System.Globalization;
using System.Text.RegularExpressions;
using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <param name="Channel">Aeron URI whose endpoint the tail binds, e.g. aeron:udp?endpoint=127.0.0.1:40124.</param>
/// <param name="StreamId">Only this stream's images are printed.</param>
/// <param name="Json">One JSON object per line instead of the human line.</param>
/// <param name="Count">Stop (exit 0) after this many alerts; null = no limit.</param>
/// <param name="Timeout">Exit 1 if <paramref name="Count"/> alerts have not arrived by then; null = wait for ever.</param>
public sealed record AlertTailOptions(string Channel, int StreamId, bool Json, int? Count, TimeSpan? Timeout)
{
    /// <summary>Only alerts whose key name (cpu1, cpu0/virtio0-input.0) or culprit comm this matches are printed and counted; null = all.</summary>
    public Regex? Match { get; init; }

    /// <summary>--match's pattern, checked here so a typo is one clear line rather than a stack trace.</summary>
    public static Regex? ParseMatch(string? pattern)
    {
        if (pattern is null) return null;
        try
        {
            // A pathological pattern must not stall the tail: an alert is a few short strings.
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw new TradingMonException($"--match '{pattern}' is not a valid regular expression ({e.Message}); e.g. --match '^tm-fifo-hog$' or --match '^cpu1$'");
        }
    }

    /// <summary>"30s", "500ms", "2m", "1h", or a plain number of seconds; 0 means no timeout (null).</summary>
    public static TimeSpan? ParseTimeout(string text)
    {
        string t = text.Trim();
        (string number, double unitSeconds) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 0.001),
            _ when t.EndsWith('s') => (t[..^1], 1.0),
            _ when t.EndsWith('m') => (t[..^1], 60.0),
            _ when t.EndsWith('h') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || value < 0 || double.IsInfinity(value) || double.IsNaN(value))
            throw new TradingMonException($"--timeout '{text}' is not a duration: use e.g. 30s, 500ms, 2m, or 0 for no timeout");
        return value == 0 ? null : TimeSpan.FromSeconds(value * unitSeconds);
    }
}
