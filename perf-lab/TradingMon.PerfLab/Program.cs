namespace TradingMon.PerfLab;

// Placeholder laid down with the skeleton; the perf-lab issue replaces it with the run-bench.sh runner.
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("perf-lab: no scenarios yet");
        return 0;
    }
}
