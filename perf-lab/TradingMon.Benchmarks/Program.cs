using BenchmarkDotNet.Running;
using TradingMon.Workloads;

namespace TradingMon.Benchmarks;

/// <summary>BenchmarkDotNet entry: `dotnet run -c Release --project perf-lab/TradingMon.Benchmarks -- --filter '*Ring*'`.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Harnesses that need the real kernel and one run, not BenchmarkDotNet's repetitions.
        if (args is ["monitor-alert-latency", ..])
        {
            MonitorAlertLatency.Run(args.Length > 1 ? int.Parse(args[1]) : 1000, args.Length > 2 && args[2] == "low-latency");
            return;
        }
        // The hog workload of monitor-alert-latency, run as a child process (see there why).
        if (args is ["runq-workload", string holdUs, string waits])
        {
            var truth = new RunqGroundTruth { Cpu = 1, ControllerCpu = 0 }.Run(TimeSpan.FromMicroseconds(int.Parse(holdUs)), int.Parse(waits));
            Console.WriteLine($"hog-tid {truth.HogTid}");
            return;
        }
        if (args is ["ring-throughput", ..]) { RingThroughputHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? long.Parse(args[2]) : 1L << 25, args.Contains("--pin")); return; }
        if (args is ["monitor-overhead", ..]) { MonitorOverheadHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 7, args.Length > 2 ? int.Parse(args[2]) : 200_000); return; }
        if (args is ["monitor-ingest", ..]) { MonitorIngestHarness.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Length > 2 ? int.Parse(args[2]) : 4096); return; }
        if (args is ["aeron-loopback", ..]) { AeronLoopbackHarness.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? int.Parse(args[2]) : 20_000); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
