using BenchmarkDotNet.Running;

namespace TradingMon.Benchmarks;

/// <summary>BenchmarkDotNet entry: `dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*Ring*'`.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
