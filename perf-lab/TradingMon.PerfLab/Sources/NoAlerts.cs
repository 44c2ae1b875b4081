using TradingMon.Core;

namespace TradingMon.PerfLab.Sources;

/// <summary>For engines whose alerts nobody reads (the gate's kernel series, the ingest ceiling); the engine wants a sink all the same.</summary>
internal sealed class NoAlerts : IAlertSink
{
    public static readonly NoAlerts Instance = new();
    public void Publish(in Alert alert) { }
}
