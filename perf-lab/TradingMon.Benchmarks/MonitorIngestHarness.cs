using System.Diagnostics;
using System.Globalization;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;

namespace TradingMon.Benchmarks;

/// <summary>
/// The ingest ceiling: how many kernel events a second the whole engine (every source, every
/// interval streamed, reader on CPU 0) takes from the kernel to the histograms with nothing dropped.
/// The load is <c>perf bench sched pipe</c>, 1, 2, 4 … pairs at once (each message is a wakeup and a
/// context switch on each side: about four run-queue events), stepped up until the kernel or the
/// Disruptor ring drops, or the step's rate stops growing (the machine cannot make more events; the
/// figure is then a floor of the ceiling, not the ceiling).
/// <c>dotnet perf-lab/TradingMon.Benchmarks/bin/Release/net10.0/TradingMon.Benchmarks.dll monitor-ingest [seconds-per-step] [ring-kib]</c> (root).
/// </summary>
public static class MonitorIngestHarness
{
    public static void Run(double secondsPerStep, int ringKib)
    {
        Console.WriteLine($"{"pairs",5} {"events/s streamed",18} {"recorded/s",12} {"kernel drops",13} {"ring drops",11} {"unmeasurable",13}");
        double best = 0, bestClean = 0;
        for (int pairs = 1; pairs <= 64; pairs *= 2)
        {
            EngineCounters before, after;
            double seconds;
            using (var engine = BenchEngine.Start(new ProbeOptions { RingBytes = (uint)ringKib * 1024 }, new CountingAlertSink()))
            {
                before = engine.Counters();
                var clock = Stopwatch.StartNew();
                RunLoad(pairs, secondsPerStep);
                seconds = clock.Elapsed.TotalSeconds;
                engine.Stop();
                after = engine.Counters();
            }
            double streamed = (after.KernelStreamed - before.KernelStreamed) / seconds;
            double recorded = (after.Recorded - before.Recorded) / seconds;
            ulong kernelDrops = after.KernelDropped - before.KernelDropped;
            long ringDrops = after.RingDropped - before.RingDropped;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pairs,5} {streamed,18:F0} {recorded,12:F0} {kernelDrops,13} {ringDrops,11} {after.KernelLost - before.KernelLost,13}"));
            bool clean = kernelDrops == 0 && ringDrops == 0;
            if (clean) bestClean = Math.Max(bestClean, streamed);
            if (!clean) { Console.WriteLine($"ceiling: {bestClean:F0} events/s with nothing dropped (drops began at {pairs} pairs)"); return; }
            if (streamed < best * 1.05) { Console.WriteLine($"ceiling: at least {bestClean:F0} events/s with nothing dropped; the load stopped growing, so this machine cannot make more"); return; }
            best = Math.Max(best, streamed);
        }
        Console.WriteLine($"ceiling: at least {bestClean:F0} events/s with nothing dropped");
    }

    /// <summary><paramref name="pairs"/> perf bench sched pipe runs at once, unpinned, stopped after the step's time.</summary>
    private static void RunLoad(int pairs, double seconds)
    {
        var runs = new List<Process>();
        for (int i = 0; i < pairs; i++)
        {
            var psi = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in (string[])["bench", "sched", "pipe", "-l", "100000000"]) psi.ArgumentList.Add(a);
            runs.Add(Process.Start(psi) ?? throw new TradingMonException("cannot start perf (apt-get install linux-perf)"));
        }
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        foreach (var p in runs)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }
    }
}
