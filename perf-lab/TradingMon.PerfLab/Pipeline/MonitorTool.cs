using System.Diagnostics;
using System.Globalization;
using TradingMon.Core;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// Another monitoring tool in a child process pinned to a CPU, waited for until it says it is attached,
/// and stopped with SIGINT (as a user stops it: it prints its histogram and detaches).
/// </summary>
public sealed class MonitorTool : IDisposable
{
    /// <summary>
    /// runqlat in bpftrace: Debian's /usr/sbin/runqlat.bt includes kernel headers that do not compile
    /// here (bpftrace 0.17: unknown type '__aligned_u64'), so the same measurement is written on the
    /// tracepoints: queued at wakeup or at a preemption, histogram of the wait at the switch-in.
    /// </summary>
    private const string BpftraceRunqlat = """
        tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new { @queued[args->pid] = nsecs; }
        tracepoint:sched:sched_switch {
          if (args->prev_state == 0) { @queued[args->prev_pid] = nsecs; }
          $t = @queued[args->next_pid];
          if ($t) { @usecs = hist((nsecs - $t) / 1000); }
          delete(@queued[args->next_pid]);
        }
        """;

    private readonly Process _process;

    private MonitorTool(Process process) => _process = process;

    /// <summary>Starts a compared tool by name (<see cref="Scenarios.PipelineMetrics.ComparedTools"/>) on <paramref name="cpu"/>.</summary>
    public static MonitorTool Start(string tool, int cpu) => tool switch
    {
        // Line-buffered: through a pipe runqlat's stdio would hold the attach message back.
        "runqlat" => Start(cpu, "stdbuf", ["-oL", "runqlat", "3600"], "Tracing run queue latency", "libbpf-tools"),
        "bpftrace" => Start(cpu, "bpftrace", ["-B", "line", "-e", BpftraceRunqlat], "Attaching", "bpftrace"),
        _ => throw new ArgumentException($"unknown tool '{tool}'", nameof(tool)),
    };

    private static MonitorTool Start(int cpu, string file, string[] args, string attachedMarker, string package)
    {
        var psi = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-c", cpu.ToString(CultureInfo.InvariantCulture), file, .. args]) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new TradingMonException($"cannot start {file}: {e.Message} (apt-get install util-linux {package})", e); }
        var attached = new ManualResetEventSlim();
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        DataReceivedEventHandler watch = (_, e) =>
        {
            if (e.Data is null) return;
            said.Enqueue(e.Data);
            if (e.Data.Contains(attachedMarker, StringComparison.Ordinal)) attached.Set();
        };
        process.OutputDataReceived += watch;
        process.ErrorDataReceived += watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!attached.Wait(100))
        {
            if (!process.HasExited && DateTime.UtcNow < deadline) continue;
            bool exited = process.HasExited;
            if (!exited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            string output = string.Join(" | ", said.Take(5));
            process.Dispose();
            throw new TradingMonException(exited
                ? $"{file} exited before attaching: {output} (apt-get install {package}; it needs root and tracefs)"
                : $"{file} did not print \"{attachedMarker}\" within 60 s: {output}");
        }
        return new MonitorTool(process);
    }

    public void Dispose()
    {
        _ = Workloads.CommandLine.TryRun("kill", "-INT", _process.Id.ToString(CultureInfo.InvariantCulture));
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
