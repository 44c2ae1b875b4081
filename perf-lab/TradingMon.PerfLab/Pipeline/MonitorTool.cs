using System.Diagnostics;
using System.Globalization;
using TradingMon.Core;

namespace TradingMon.PerfLab.Pipeline;

/// <summary>
/// A monitoring tool in a child process confined to a CPU with taskset (as a latency engineer keeps a
/// monitor on a housekeeping core), waited for until it says it is attached, and stopped with SIGINT
/// (as a user stops it: it prints its histogram or report and detaches). TradingMon runs the same way,
/// as the product: <c>tradingmon monitor</c> with its built-in defaults (every source, the default
/// rules, Aeron alerts), so every tool is measured as deployed and none has threads on the measured CPU.
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
    private string? _summary;

    private MonitorTool(Process process) => _process = process;

    /// <summary>
    /// <c>tradingmon monitor</c> with its built-in defaults, plus: no TUI and no periodic report (no output
    /// while measuring), alerts on a port of its own, the reader on the tool's CPU, and a JSON summary at
    /// exit so <see cref="Stop"/> can say what it dropped.
    /// </summary>
    private static MonitorTool StartTradingMon(int cpu)
    {
        string summary = Path.Combine(Path.GetTempPath(), $"tm-overhead-{Environment.ProcessId}.json");
        File.Delete(summary);
        var tool = Start(cpu, DotnetHost(), [CliDll(), "monitor", "--no-tui", "--report", "0s", "--alerts", AlertChannel,
            "--reader-cpu", cpu.ToString(CultureInfo.InvariantCulture), "--json-summary", summary], "tradingmon monitor: watching", "dotnet-sdk-10.0");
        tool._summary = summary;
        return tool;
    }

    /// <summary>A port of its own for the product's alerts, so a running <c>tradingmon monitor</c> does not collide.</summary>
    private const string AlertChannel = "aeron:udp?endpoint=127.0.0.1:40396";

    /// <summary>Starts <c>tradingmon</c> or a compared tool (<see cref="Scenarios.PipelineMetrics.ComparedTools"/>) on <paramref name="cpu"/>.</summary>
    public static MonitorTool Start(string tool, int cpu) => tool switch
    {
        Scenarios.PipelineMetrics.TradingMon => StartTradingMon(cpu),
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

    /// <summary>The built CLI of this checkout (run-bench.sh builds it with perf-lab).</summary>
    private static string CliDll()
    {
        string dll = Path.Combine(Program.RepositoryRoot(), "src", "TradingMon.Cli", "bin", "Release", "net10.0", "tradingmon.dll");
        if (!File.Exists(dll)) throw new TradingMonException($"{dll} not found: build the CLI first (dotnet build src/TradingMon.Cli -c Release, or run through ./run-bench.sh)");
        return dll;
    }

    /// <summary>The dotnet host running perf-lab, so the child runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    /// <summary>Stops the tool; for TradingMon, returns what its JSON summary says was dropped (null when nothing).</summary>
    public string? Stop()
    {
        Interrupt();
        if (_summary is null) return null;
        if (!File.Exists(_summary)) return "tradingmon monitor wrote no JSON summary at exit: its drops are unknown";
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_summary));
        File.Delete(_summary);
        var drops = doc.RootElement.GetProperty("drops");
        long kernel = drops.GetProperty("kernel").GetInt64(), ring = drops.GetProperty("ring").GetInt64(), lost = drops.GetProperty("kernel_lost").GetInt64();
        return kernel + ring == 0 ? null : $"tradingmon monitor dropped events under the load: {kernel} kernel ring full, {ring} Disruptor ring full ({lost} not measurable in kernel)";
    }

    /// <summary>
    /// SIGINT for the BPF tools, which print and detach on it; SIGTERM for tradingmon, because .NET keeps
    /// SIGINT ignored when the parent ignored it (perf-lab started in the background by a script).
    /// </summary>
    private void Interrupt()
    {
        if (_process.HasExited) return;
        string signal = _summary is null ? "-INT" : "-TERM";
        _ = Workloads.CommandLine.TryRun("kill", signal, _process.Id.ToString(CultureInfo.InvariantCulture));
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Interrupt();
        _process.Dispose();
    }
}
