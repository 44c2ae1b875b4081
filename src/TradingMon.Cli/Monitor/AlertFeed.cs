using TradingMon.Aeron;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The monitor's alert output: an Aeron publication on the configured channel and stream, with the SBE
/// alert sink on top. Disposing it sends EOS to the subscribers (the publication lingers with EOS
/// heartbeats) and closes the socket.
/// </summary>
public sealed class AlertFeed : IDisposable
{
    private AlertFeed(AeronPublication publication, AeronAlertSink sink)
    {
        Publication = publication;
        Sink = sink;
    }

    public AeronPublication Publication { get; }
    public AeronAlertSink Sink { get; }

    /// <summary>Opened before any probe is attached, so a bad channel stops the monitor with nothing to undo.</summary>
    public static AlertFeed Open(string channel, int stream)
    {
        var publication = AeronPublication.Open(channel, stream, new PublicationOptions { Log = line => Console.Error.WriteLine($"tradingmon monitor: {line}") });
        return new AlertFeed(publication, new AeronAlertSink(publication, line => Console.Error.WriteLine($"tradingmon monitor: {line}")));
    }

    /// <summary>Alerts the publication refused for lack of room (back pressure, closed, term exhausted): lost alerts.</summary>
    public long Dropped
    {
        get
        {
            var c = Publication.Counters;
            return c.BackPressured.Value + c.Closed.Value + c.MaxPositionExceeded.Value;
        }
    }

    /// <summary>Alerts offered while no subscriber was connected (nobody was listening; not a fault of ours).</summary>
    public long NotConnected => Publication.Counters.NotConnected.Value;

    public void Dispose() => Publication.Dispose();
}
