using BenchmarkDotNet.Running;

namespace TradingMon.Benchmarks;

/// <summary>BenchmarkDotNet entry: `dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*Ring*'`.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Harnesses that want one long interleaved run rather than BenchmarkDotNet's repetitions. The
        // pipeline's own figures (overhead, ingest ceiling, alert latency) are perf-lab scenarios:
        // ./run-bench.sh pipeline-overhead pipeline-ingest pipeline-alert-latency (perf-lab/README.md).
        if (args is ["ring-throughput", ..]) { RingThroughputHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? long.Parse(args[2]) : 1L << 25, args.Contains("--pin")); return; }
        if (args is ["aeron-loopback", ..]) { AeronLoopbackHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? int.Parse(args[2]) : 20_000); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
