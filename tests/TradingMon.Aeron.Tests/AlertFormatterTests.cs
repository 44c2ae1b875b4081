using System.Text;
using System.Text.Json;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class AlertFormatterTests
{
    [Fact]
    public void Json_has_every_alert_field_under_its_schema_name()
    {
        var alert = AlertSamples.Golden();
        using var doc = JsonDocument.Parse(Json(alert));
        var o = doc.RootElement;

        Assert.Equal(42, o.GetProperty("sequence").GetInt64());
        Assert.Equal(0x1122334455667788, o.GetProperty("kernelTimestampNs").GetInt64());
        Assert.Equal(0x1122334455668000, o.GetProperty("detectionTimestampNs").GetInt64());
        Assert.Equal("Critical", o.GetProperty("severity").GetString());
        Assert.Equal("softirq.latency", o.GetProperty("metric").GetString());
        Assert.Equal(1, o.GetProperty("cpu").GetInt32());
        Assert.Equal(3, o.GetProperty("keyId1").GetInt32());
        Assert.Equal(-1, o.GetProperty("keyId2").GetInt32());
        Assert.Equal(250_000, o.GetProperty("observedNs").GetInt64());
        Assert.Equal(100_000, o.GetProperty("thresholdNs").GetInt64());
        Assert.Equal(4321, o.GetProperty("culpritPid").GetInt32());
        Assert.Equal(7, o.GetProperty("suppressedCount").GetInt32());
        Assert.Equal(1_000_000, o.GetProperty("suppressedWorstNs").GetInt64());
        Assert.Equal("softirq-p99", o.GetProperty("ruleId").GetString());
        Assert.Equal("cpu1/NET_RX", o.GetProperty("keyName").GetString());
        Assert.Equal("iperf3", o.GetProperty("culpritComm").GetString());
        Assert.Equal("ld4-\u03bc", o.GetProperty("host").GetString());
        Assert.Equal(17, o.EnumerateObject().Count()); // every Alert field, nothing else
        Assert.Equal(typeof(Alert).GetFields().Length, o.EnumerateObject().Count());
    }

    [Fact]
    public void Unknown_severity_and_metric_from_a_newer_publisher_print_as_numbers()
    {
        var alert = AlertSamples.Golden();
        alert.Severity = (AlertSeverity)9;
        alert.Metric = (Metric)77;
        using var doc = JsonDocument.Parse(Json(alert));

        Assert.Equal("9", doc.RootElement.GetProperty("severity").GetString());
        Assert.Equal("77", doc.RootElement.GetProperty("metric").GetString());
        Assert.Contains("#42 9 77 cpu1/NET_RX", AlertFormatter.HumanLine(alert));
    }

    [Fact]
    public void Human_line_names_what_fired_where_and_why()
    {
        Assert.Equal(
            "#42 Critical softirq.latency cpu1/NET_RX observed=250.0us threshold=100.0us rule=softirq-p99 culprit=4321/iperf3 " +
            "suppressed=7 worst=1000.0us host=ld4-\u03bc cpu=1 key=3/-1 kernel_ts=1234605616436508552 detected_ts=1234605616436510720",
            AlertFormatter.HumanLine(AlertSamples.Golden()));
    }

    private static string Json(in Alert alert)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream)) AlertFormatter.WriteJson(json, alert);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
