using System.CommandLine;

namespace TradingMon.Cli.Commands;

// Placeholder laid down with the skeleton; the issue that owns `tradingmon monitor` replaces it.
public static class MonitorCommand
{
    public static Command Create()
    {
        var cmd = new Command("monitor", "not built yet");
        cmd.SetAction(_ => { Console.Error.WriteLine("tradingmon monitor: not built yet"); return 2; });
        return cmd;
    }
}
