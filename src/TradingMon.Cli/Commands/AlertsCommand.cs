using System.CommandLine;

namespace TradingMon.Cli.Commands;

// Placeholder laid down with the skeleton; the issue that owns `tradingmon alerts` replaces it.
public static class AlertsCommand
{
    public static Command Create()
    {
        var cmd = new Command("alerts", "not built yet");
        cmd.SetAction(_ => { Console.Error.WriteLine("tradingmon alerts: not built yet"); return 2; });
        return cmd;
    }
}
