using System.CommandLine;
using TradingMon.Cli.Commands;
using TradingMon.Core;

namespace TradingMon.Cli;

/// <summary>
/// `tradingmon`: one subcommand per job. Errors the user can act on (<see cref="TradingMonException"/>)
/// become one line on stderr and exit code 2; anything else is a bug and keeps its stack trace.
/// </summary>
public static class Program
{
    public const int ExitOk = 0, ExitFailure = 1, ExitUsage = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("TradingMon: scheduler, interrupt and NIC-queue latency monitor for trading hosts");
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(MonitorCommand.Create());
        root.Subcommands.Add(AlertsCommand.Create());
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) Console.Error.WriteLine($"tradingmon: {e.Message}");
                return ExitUsage;
            }
            // Our own handler below prints user errors as one line; anything else keeps its stack trace.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (TradingMonException ex)
        {
            Console.Error.WriteLine($"tradingmon: {ex.Message}");
            return ExitUsage;
        }
    }
}
