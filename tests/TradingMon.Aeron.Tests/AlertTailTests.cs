using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

public class AlertTailTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    [Fact]
    public async Task Prints_each_alert_as_a_human_line_and_exits_0_after_count()
    {
        string channel = AlertLoopback.Channel(40211);
        var tail = StartTail(new AlertTailOptions(channel, 1001, Json: false, Count: 3, Timeout: TimeSpan.FromSeconds(30)));

        PublishWhenConnected(channel, tail, AlertSamples.Golden(), AlertSamples.Numbered(2), AlertSamples.Numbered(3));

        Assert.Equal(AlertTail.ExitOk, await tail.WaitAsync(TimeSpan.FromSeconds(20)));
        var lines = Lines(_output);
        Assert.Equal([AlertFormatter.HumanLine(AlertSamples.Golden()), AlertFormatter.HumanLine(AlertSamples.Numbered(2)),
            AlertFormatter.HumanLine(AlertSamples.Numbered(3))], lines);
        Assert.Contains("publisher connected", _errors.ToString());
    }

    [Fact]
    public async Task Json_mode_prints_one_object_per_line_with_every_field()
    {
        string channel = AlertLoopback.Channel(40212);
        var tail = StartTail(new AlertTailOptions(channel, 1001, Json: true, Count: 2, Timeout: TimeSpan.FromSeconds(30)));

        PublishWhenConnected(channel, tail, AlertSamples.Golden(), AlertSamples.Numbered(7));

        Assert.Equal(AlertTail.ExitOk, await tail.WaitAsync(TimeSpan.FromSeconds(20)));
        var lines = Lines(_output);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(typeof(Alert).GetFields().Length, first.RootElement.EnumerateObject().Count());
        Assert.Equal("ld4-\u03bc", first.RootElement.GetProperty("host").GetString());
        Assert.Contains("\"host\":\"ld4-\u03bc\"", lines[0]); // readable UTF-8, not \u escapes
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(7, second.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("sched.runq", second.RootElement.GetProperty("metric").GetString());
    }

    [Fact]
    public void Exits_1_when_the_alerts_do_not_arrive_in_time()
    {
        int code = AlertTail.Run(new AlertTailOptions(AlertLoopback.Channel(40213), 1001, false, 1, TimeSpan.FromMilliseconds(300)),
            _output, _errors, CancellationToken.None);

        Assert.Equal(AlertTail.ExitTimeout, code);
        Assert.Contains("timed out after 0.3s with 0 of 1 alerts", _errors.ToString());
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void A_port_already_in_use_exits_2_with_one_clear_line()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 40214));

        int code = AlertTail.Run(new AlertTailOptions(AlertLoopback.Channel(40214), 1001, false, 1, TimeSpan.FromSeconds(5)),
            _output, _errors, CancellationToken.None);

        Assert.Equal(AlertTail.ExitUsage, code);
        string line = Assert.Single(Lines(_errors));
        Assert.StartsWith("tradingmon: cannot bind UDP 127.0.0.1:40214", line);
        Assert.Contains("choose another port", line);
    }

    [Theory]
    [InlineData("aeron:udp?endpoint=127.0.0.1", "must be host:port")]
    [InlineData("aeron:ipc", "UDP only")]
    [InlineData("udp://127.0.0.1:40215", "starts with 'aeron:'")]
    public void A_bad_channel_exits_2_with_one_line_naming_the_fix(string channel, string expected)
    {
        int code = AlertTail.Run(new AlertTailOptions(channel, 1001, false, 1, TimeSpan.FromSeconds(5)), _output, _errors, CancellationToken.None);

        Assert.Equal(AlertTail.ExitUsage, code);
        Assert.Contains(expected, Assert.Single(Lines(_errors)));
    }

    [Fact]
    public async Task Messages_that_are_not_alerts_are_named_once_then_counted()
    {
        string channel = AlertLoopback.Channel(40216);
        var tail = StartTail(new AlertTailOptions(channel, 1001, false, Count: 1, Timeout: TimeSpan.FromSeconds(30)));
        using var publication = AeronPublication.Open(channel, 1001);
        Assert.True(AlertLoopback.PollUntil(() => publication.IsConnected || tail.IsCompleted, () => Thread.Sleep(1)));

        Assert.True(publication.Offer("Hello World! 1"u8) > 0);
        Assert.True(publication.Offer("Hello World! 2"u8) > 0);
        new AeronAlertSink(publication, _ => { }).Publish(AlertSamples.Golden());

        Assert.Equal(AlertTail.ExitOk, await tail.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Single(Lines(_output));
        string errors = _errors.ToString();
        Assert.Contains("skipping a 14-byte message", errors);
        Assert.Contains("OtherSchema", errors);
        Assert.Contains("1 alerts, 2 other messages", errors);
    }

    [Fact]
    public async Task Match_prints_only_alerts_whose_culprit_comm_or_key_name_matches_and_counts_the_rest()
    {
        string channel = AlertLoopback.Channel(40217);
        var options = new AlertTailOptions(channel, 1001, Json: false, Count: 2, Timeout: TimeSpan.FromSeconds(30))
        {
            Match = AlertTailOptions.ParseMatch("^tm-fifo-hog$|^cpu1/NET_RX$"),
        };
        var tail = StartTail(options);
        var hog = AlertSamples.Numbered(3) with { CulpritComm = Comm.From("tm-fifo-hog") };
        // "not-tm-fifo-hog" and key "cpu1": the pattern is a regex on the whole field, not a substring search.
        var other = AlertSamples.Numbered(1) with { CulpritComm = Comm.From("not-tm-fifo-hog") };

        PublishWhenConnected(channel, tail, other, AlertSamples.Golden(), AlertSamples.Numbered(2), hog, AlertSamples.Numbered(4));

        Assert.Equal(AlertTail.ExitOk, await tail.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([AlertFormatter.HumanLine(AlertSamples.Golden()), AlertFormatter.HumanLine(hog)], Lines(_output));
        Assert.Contains("2 alerts, 2 not matching --match, 0 other messages", _errors.ToString());
    }

    [Fact]
    public void Match_that_is_not_a_regex_is_refused_with_an_example()
    {
        Assert.Null(AlertTailOptions.ParseMatch(null));
        var ex = Assert.Throws<TradingMonException>(() => AlertTailOptions.ParseMatch("tm-(hog"));
        Assert.Contains("--match 'tm-(hog' is not a valid regular expression", ex.Message);
        Assert.Contains("e.g. --match '^tm-fifo-hog$'", ex.Message);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Timeouts_parse_with_units(string text, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), AlertTailOptions.ParseTimeout(text));
    }

    [Fact]
    public void Timeout_0_means_wait_for_ever_and_nonsense_is_refused()
    {
        Assert.Null(AlertTailOptions.ParseTimeout("0"));
        var ex = Assert.Throws<TradingMonException>(() => AlertTailOptions.ParseTimeout("soon"));
        Assert.Contains("--timeout 'soon' is not a duration", ex.Message);
    }

    private Task<int> StartTail(AlertTailOptions options)
    {
        var output = TextWriter.Synchronized(_output);
        var errors = TextWriter.Synchronized(_errors);
        return Task.Factory.StartNew(() => AlertTail.Run(options, output, errors, CancellationToken.None), TaskCreationOptions.LongRunning);
    }

    private static void PublishWhenConnected(string channel, Task<int> tail, params Alert[] alerts)
    {
        using var publication = AeronPublication.Open(channel, 1001);
        var sink = new AeronAlertSink(publication, _ => { });
        Assert.True(AlertLoopback.PollUntil(() => publication.IsConnected || tail.IsCompleted, () => Thread.Sleep(1)), "tail never connected");
        foreach (var alert in alerts) sink.Publish(alert);
        Assert.Equal(alerts.Length, sink.Counters.Published.Value);
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
