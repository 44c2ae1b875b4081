using TradingMon.Core;

namespace TradingMon.Aeron.Alerts;

/// <summary>
/// Sends each alert as one SBE <c>Alert</c> message (configs/tradingmon-alerts.xml) on an
/// <see cref="AeronPublication"/>. Never blocks and never allocates per alert: it encodes into a buffer
/// allocated once and offers it; a refusal (not connected, back pressured, closed) is counted in
/// <see cref="Counters"/>, and the first refusal after a success (and the recovery) is logged, so an
/// alert feed that stops reaching anyone is visible without one log line per lost alert.
/// </summary>
/// <remarks>
/// Thread safety: alerts arrive from the ring consumer (immediate rules) and from aggregator actors
/// (windowed rules), but an Aeron exclusive publication and the encode buffer take one writer at a time.
/// A compare-and-swap guard serialises callers; it is held only to encode (~100 ns) and copy into the
/// log (the publication's sender thread does the I/O), and alerts are rare (storm-controlled), so a
/// second caller spins briefly rather than ever parking in the kernel. Use a publication with its
/// default dedicated sender thread: nothing here calls <see cref="AeronPublication.DoWork"/>.
/// </remarks>
public sealed class AeronAlertSink : IAlertSink
{
    private readonly AeronPublication _publication;
    private readonly Action<string> _log;
    private readonly Action<string>? _alertLog;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(AlertCodec.MaxEncodedLength, pinned: true);
    private int _guard;
    private long _lastResult = 1;

    /// <param name="publication">Where alerts go; the sink does not own it (dispose it after the sink's last use).</param>
    /// <param name="log">Refusal state changes ("alerts are not reaching anyone: NOT_CONNECTED"). Default: stderr.</param>
    /// <param name="alertLog">When set, one line per alert: the alert and what the publication said (allocates).</param>
    public AeronAlertSink(AeronPublication publication, Action<string>? log = null, Action<string>? alertLog = null)
    {
        if (publication.MaxMessageLength < AlertCodec.MaxEncodedLength)
            throw new TradingMonException($"the alert publication's term-length {publication.TermLength} is too small for a {AlertCodec.MaxEncodedLength}-byte alert; use term-length=64k or more");
        _publication = publication;
        _log = log ?? Console.Error.WriteLine;
        _alertLog = alertLog;
    }

    public AlertSinkCounters Counters { get; } = new();

    public AeronPublication Publication => _publication;

    public void Publish(in Alert alert)
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _guard, 1, 0) != 0) spin.SpinOnce(sleep1Threshold: -1);
        try
        {
            int length = AlertEncoder.Encode(alert, _buffer, out bool truncated);
            if (truncated) Counters.Truncated.Increment();
            long result = _publication.Offer(_buffer.AsSpan(0, length));
            Count(result);
            if ((result > 0) != (_lastResult > 0)) LogStateChange(result);
            _lastResult = result;
            _alertLog?.Invoke($"alert {AlertFormatter.HumanLine(alert)} -> {OfferResult.Describe(result)}");
        }
        finally
        {
            Volatile.Write(ref _guard, 0); // release: the next holder sees the buffer and counters as written
        }
    }

    private void Count(long result)
    {
        var counter = result switch
        {
            > 0 => Counters.Published,
            OfferResult.NotConnected => Counters.NotConnected,
            OfferResult.BackPressured => Counters.BackPressured,
            OfferResult.Closed => Counters.Closed,
            _ => Counters.MaxPositionExceeded,
        };
        counter.Increment();
    }

    private void LogStateChange(long result)
    {
        string where = $"{_publication.Channel.Uri} stream={_publication.StreamId} session={_publication.SessionId}";
        _log(result > 0
            ? $"aeron alert sink {where}: alerts are being published again ({Counters})"
            : $"aeron alert sink {where}: alerts are NOT reaching any subscriber: {OfferResult.Describe(result)}; counting refusals ({Counters})");
    }
}
