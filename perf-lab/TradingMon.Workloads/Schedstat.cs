namespace TradingMon.Workloads;

/// <summary>
/// /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat: the kernel's own per-thread sums (ns). Field 2,
/// run_delay, is the total time the thread waited on a run queue: an independent ground truth for
/// the sum of run-queue latencies.
/// </summary>
public static class Schedstat
{
    public static long RunDelayNs(int tid, int pid = 0)
    {
        string path = $"/proc/{(pid == 0 ? Environment.ProcessId : pid)}/task/{tid}/schedstat";
        var fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[1]);
    }
}
