using System.Diagnostics;
using System.Globalization;
using TradingMon.Core;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// <c>perf bench sched pipe</c>: two processes ping-ponging a word through pipes, so every message is a
/// wakeup and a context switch on each side, about four run-queue events: the worst case for a
/// scheduler probe, and the standard load for comparing scheduler tracers.
/// </summary>
public static class PerfBenchPipe
{
    private const string InstallHint = "apt-get install linux-perf";

    /// <summary>One run of <paramref name="loops"/> messages pinned to <paramref name="cpu"/>; its cost per message in ns.</summary>
    public static double NsPerOp(int cpu, int loops)
    {
        string output;
        try { output = Workloads.CommandLine.Run("taskset", "-c", cpu.ToString(CultureInfo.InvariantCulture), "perf", "bench", "sched", "pipe", "-l", loops.ToString(CultureInfo.InvariantCulture)); }
        catch (TradingMonException e) { throw new TradingMonException($"{e.Message} ({InstallHint})", e); }
        foreach (string line in output.Split('\n'))
        {
            string t = line.Trim();
            if (t.EndsWith("ops/sec", StringComparison.Ordinal)
                && double.TryParse(t.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ops) && ops > 0)
                return 1e9 / ops;
        }
        throw new TradingMonException($"perf bench sched pipe printed no ops/sec line ({InstallHint}?): {output.Trim()}");
    }

    /// <summary><paramref name="pairs"/> unpinned runs that go on until <see cref="Stop"/>: a sustained context-switch load.</summary>
    public static List<Process> Start(int pairs)
    {
        var runs = new List<Process>(pairs);
        try
        {
            for (int i = 0; i < pairs; i++)
            {
                var psi = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in (string[])["bench", "sched", "pipe", "-l", "1000000000"]) psi.ArgumentList.Add(a);
                runs.Add(Process.Start(psi) ?? throw new TradingMonException($"cannot start perf ({InstallHint})"));
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Stop(runs);
            throw new TradingMonException($"cannot start perf: {e.Message} ({InstallHint})", e);
        }
        return runs;
    }

    public static void Stop(List<Process> runs)
    {
        foreach (var p in runs)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already exited */ }
            p.WaitForExit();
            p.Dispose();
        }
        runs.Clear();
    }
}
