using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// `tradingmon alerts tail`: subscribes to the alert feed and prints each alert as it arrives, one human
/// line or one JSON object per line on <c>output</c>; connections, skipped messages and the final counts
/// go to <c>errors</c> so that stdout stays machine-readable.
/// </summary>
public sealed class AlertTail
{
    public const int ExitOk = 0, ExitTimeout = 1, ExitUsage = 2, ExitInterrupted = 130;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly TextWriter _errors;
    private readonly bool _json;
    private readonly Regex? _match;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1024);
    private readonly Utf8JsonWriter _jsonWriter;

    /// <param name="match">Only alerts whose key name or culprit comm it matches are printed; null = all.</param>
    public AlertTail(TextWriter output, TextWriter errors, bool json, Regex? match = null)
    {
        _output = output;
        _errors = errors;
        _json = json;
        _match = match;
        _jsonWriter = new Utf8JsonWriter(_jsonBuffer, JsonOptions);
    }

    /// <summary>Alerts printed (and counted towards --count).</summary>
    public long Received { get; private set; }

    /// <summary>Alerts that did not match --match: received, not printed.</summary>
    public long Unmatched { get; private set; }

    /// <summary>Messages on the stream that are not TradingMon alerts (another schema, truncated).</summary>
    public long Skipped { get; private set; }

    /// <summary>Runs the tail until <see cref="AlertTailOptions.Count"/> alerts, the timeout or cancellation; returns the exit code.</summary>
    public static int Run(AlertTailOptions options, TextWriter output, TextWriter errors, CancellationToken cancel)
    {
        if (options.Count is < 0)
        {
            errors.WriteLine($"tradingmon: --count {options.Count} must be 0 or more");
            return ExitUsage;
        }
        var tail = new AlertTail(output, errors, options.Json, options.Match);
        AeronSubscription subscription;
        try
        {
            subscription = AeronSubscription.Open(options.Channel, options.StreamId, new SubscriptionOptions
            {
                ImageAvailable = image => errors.WriteLine($"tradingmon: publisher connected: {image}"),
                ImageUnavailable = image => errors.WriteLine($"tradingmon: publisher gone: {image}"),
                Log = message => errors.WriteLine($"tradingmon: {message}"),
            });
        }
        catch (TradingMonException ex)
        {
            errors.WriteLine($"tradingmon: {ex.Message}");
            return ExitUsage;
        }
        using (subscription)
        {
            errors.WriteLine($"tradingmon: listening on {subscription.Channel.Endpoint} ({options.Channel}) stream {options.StreamId}");
            int code = tail.Poll(subscription, options.Count, options.Timeout, cancel);
            errors.WriteLine($"tradingmon: {tail.Received} alerts, {(options.Match is null ? "" : $"{tail.Unmatched} not matching --match, ")}{tail.Skipped} other messages; {string.Join(' ', subscription.Counters.All.Where(c => c.Value != 0))}");
            return code;
        }
    }

    private int Poll(AeronSubscription subscription, int? count, TimeSpan? timeout, CancellationToken cancel)
    {
        var handler = new MessageHandler(OnMessage);
        var elapsed = Stopwatch.StartNew();
        var idle = new BackoffIdle(busySpin: false);
        while (true)
        {
            if (count is int n && Received >= n) return ExitOk;
            if (cancel.IsCancellationRequested) return ExitInterrupted;
            if (timeout is TimeSpan t && elapsed.Elapsed >= t)
            {
                _errors.WriteLine($"tradingmon: timed out after {t.TotalSeconds:0.###}s with {Received}{(count is int c ? $" of {c}" : "")} alerts");
                return ExitTimeout;
            }
            // Deliver no more than asked for: the rest stay in the image, unprinted.
            int limit = count is int wanted ? (int)Math.Min(256, wanted - Received) : 256;
            idle.Idle(subscription.Poll(handler, limit));
        }
    }

    /// <summary>Prints one message if it is an alert; counts (and names, the first time) anything else.</summary>
    public void OnMessage(ReadOnlySpan<byte> message, in MessageHeader header)
    {
        var result = AlertDecoder.TryWrap(message, out var decoder);
        if (result != AlertDecodeResult.Ok)
        {
            if (Skipped++ == 0)
                _errors.WriteLine($"tradingmon: skipping a {message.Length}-byte message from session {header.SessionId} that is not a TradingMon alert ({result}; " +
                    $"expected SBE schema {AlertCodec.SchemaId} template {AlertCodec.TemplateId}); further ones are only counted");
            return;
        }
        var alert = decoder.ToAlert();
        if (_match is not null && !_match.IsMatch(alert.KeyName) && !_match.IsMatch(alert.CulpritComm.ToString()))
        {
            Unmatched++;
            return;
        }
        if (_json)
        {
            _jsonBuffer.ResetWrittenCount();
            _jsonWriter.Reset();
            AlertFormatter.WriteJson(_jsonWriter, alert);
            _jsonWriter.Flush();
            _output.WriteLine(Encoding.UTF8.GetString(_jsonBuffer.WrittenSpan));
        }
        else
        {
            _output.WriteLine(AlertFormatter.HumanLine(alert));
        }
        Received++;
    }
}
