using BenchmarkDotNet.Running;

namespace TradingMon.Benchmarks;

/// <summary>BenchmarkDotNet entry: `dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*Ring*'`.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Harnesses that need the real kernel and one run, not BenchmarkDotNet's repetitions.
        if (args is ["monitor-alert-latency", ..])
        {
            MonitorAlertLatency.Run(args.Length > 1 ? int.Parse(args[1]) : 1000);
            return;
        }
        if (args is ["aeron-loopback", ..]) { AeronLoopbackHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? int.Parse(args[2]) : 20_000); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
