using System.CommandLine;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;

namespace TradingMon.Cli.Commands;

/// <summary>
/// `tradingmon alerts tail`: subscribe to the alert feed over Aeron UDP and print each alert as it
/// arrives, optionally only those --match selects. Exit 0 after --count alerts, 1 when --timeout passes first, 2 for a bad channel or a port
/// that is already bound.
/// </summary>
public static class AlertsCommand
{
    public const string DefaultChannel = "aeron:udp?endpoint=127.0.0.1:40124";
    public const int DefaultStreamId = 1001;

    public static Command Create()
    {
        var alerts = new Command("alerts", "The alert feed TradingMon publishes over Aeron (SBE messages, configs/tradingmon-alerts.xml)");
        alerts.Subcommands.Add(CreateTail());
        return alerts;
    }

    private static Command CreateTail()
    {
        var channel = new Option<string>("--channel")
        {
            Description = "Aeron channel to receive on: the endpoint is the local address:port to bind",
            DefaultValueFactory = _ => DefaultChannel,
        };
        var stream = new Option<int>("--stream") { Description = "Aeron stream id", DefaultValueFactory = _ => DefaultStreamId };
        var json = new Option<bool>("--json") { Description = "one JSON object per line, with every field of the alert" };
        var count = new Option<int?>("--count") { Description = "exit 0 after this many alerts (default: run until the timeout or Ctrl-C)" };
        var timeout = new Option<string>("--timeout")
        {
            Description = "exit 1 if the alerts have not all arrived within this time: 30s, 500ms, 2m; 0 = never",
            DefaultValueFactory = _ => "30s",
        };

        var match = new Option<string?>("--match")
        {
            Description = "only alerts whose key name (cpu1, cpu0/NET_RX, eth0/tx0) or culprit task comm matches this regular expression; the others are counted, not printed",
        };

        var tail = new Command("tail", "Print alerts as they arrive") { channel, stream, json, count, timeout, match };
        tail.SetAction((parsed, cancel) =>
        {
            try
            {
                var options = new AlertTailOptions(
                    parsed.GetValue(channel)!, parsed.GetValue(stream), parsed.GetValue(json),
                    parsed.GetValue(count), AlertTailOptions.ParseTimeout(parsed.GetValue(timeout)!))
                {
                    Match = AlertTailOptions.ParseMatch(parsed.GetValue(match)),
                };
                return Task.FromResult(AlertTail.Run(options, Console.Out, Console.Error, cancel));
            }
            catch (TradingMonException ex)
            {
                // Handled here: System.CommandLine's own exception handler would print a stack trace.
                Console.Error.WriteLine($"tradingmon: {ex.Message}");
                return Task.FromResult(Program.ExitUsage);
            }
        });
        return tail;
    }
}
