using System.CommandLine;

namespace TradingMon.Cli.Commands;

// Placeholder laid down with the skeleton; the issue that owns `tradingmon probe` replaces it.
public static class ProbeCommand
{
    public static Command Create()
    {
        var cmd = new Command("probe", "not built yet");
        cmd.SetAction(_ => { Console.Error.WriteLine("tradingmon probe: not built yet"); return 2; });
        return cmd;
    }
}
