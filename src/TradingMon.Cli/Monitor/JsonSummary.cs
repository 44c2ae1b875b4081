using System.Text.Json;
using TradingMon.Actors.Actors;
using TradingMon.Engine;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The --json-summary document written at exit:
/// <c>{"host","started","duration_s","series":[{"metric","key","count","p50_ns","p90_ns","p99_ns","p999_ns","max_ns"}],
/// "culprits":[{"metric","key","top":[{"pid","comm","count","total_ns"}],"worst":{"value_ns","kernel_ts_ns","pid","comm"}}],
/// "drops":{"kernel","ring","aeron"},"alerts_sent","restarts"}</c>.
/// </summary>
public static class JsonSummary
{
    public static void Write(string path, string host, DateTime startedUtc, TimeSpan duration, MonitorStats stats, EngineCounters c, AlertFeed feed)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("host", host);
        w.WriteString("started", startedUtc.ToString("O"));
        w.WriteNumber("duration_s", Math.Round(duration.TotalSeconds, 3));
        w.WriteStartArray("series");
        foreach (var k in stats.Keys)
        {
            var s = k.Summary;
            w.WriteStartObject();
            w.WriteString("metric", k.Metric);
            w.WriteString("key", k.Key);
            w.WriteNumber("count", s.Count);
            w.WriteNumber("p50_ns", s.P50Ns);
            w.WriteNumber("p90_ns", s.P90Ns);
            w.WriteNumber("p99_ns", s.P99Ns);
            w.WriteNumber("p999_ns", s.P999Ns);
            w.WriteNumber("max_ns", s.MaxNs);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("culprits");
        foreach (var k in stats.Keys)
        {
            if (k.Culprits.TopByTotalDelay.Count == 0 && k.Culprits.Worst is null) continue;
            w.WriteStartObject();
            w.WriteString("metric", k.Metric);
            w.WriteString("key", k.Key);
            w.WriteStartArray("top");
            foreach (var t in k.Culprits.TopByTotalDelay)
            {
                w.WriteStartObject();
                w.WriteNumber("pid", t.Pid);
                w.WriteString("comm", t.Comm);
                w.WriteNumber("count", t.Count);
                w.WriteNumber("total_ns", t.TotalNs);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (k.Culprits.Worst is { } worst)
            {
                w.WriteStartObject("worst");
                w.WriteNumber("value_ns", worst.ValueNs);
                w.WriteNumber("kernel_ts_ns", worst.KernelTsNs);
                w.WriteNumber("pid", worst.Pid);
                w.WriteString("comm", worst.Comm);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("drops");
        w.WriteNumber("kernel", c.KernelDropped);
        w.WriteNumber("kernel_lost", c.KernelLost);
        w.WriteNumber("ring", c.RingDropped);
        w.WriteNumber("aeron", feed.Dropped);
        w.WriteNumber("aeron_not_connected", feed.NotConnected);
        w.WriteNumber("malformed", c.ReaderMalformed);
        w.WriteEndObject();
        w.WriteStartObject("events");
        w.WriteNumber("kernel_seen", c.KernelSeen);
        w.WriteNumber("kernel_streamed", c.KernelStreamed);
        w.WriteNumber("kernel_below_min", c.KernelBelowMin);
        w.WriteNumber("recorded", c.Recorded);
        w.WriteEndObject();
        w.WriteNumber("alerts_sent", c.AlertsSent);
        w.WriteNumber("restarts", c.Restarts);
        w.WriteEndObject();
    }
}
