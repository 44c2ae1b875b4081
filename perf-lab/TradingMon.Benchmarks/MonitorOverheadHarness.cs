using System.Diagnostics;
using System.Globalization;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;

namespace TradingMon.Benchmarks;

/// <summary>
/// What watching costs the watched: <c>taskset -c 1 perf bench sched pipe</c> (two processes
/// ping-ponging through pipes on one CPU, a context switch and a wakeup per message: the worst case
/// for a scheduler probe) with no monitor, with TradingMon's engine in this process (scheduler source
/// only, like runqlat, and with every source), with the product itself (<c>tradingmon monitor
/// --no-tui</c> with its default configuration: every source, rules, Aeron alerts, periodic report), with libbpf-tools' <c>runqlat</c> and with the same measurement
/// in bpftrace. Rounds interleave the variants (rotating their order) so the machine's drift
/// hits all alike; each variant's figure is the median over rounds of its ops/s, and its overhead is
/// the median of the per-round ratios to the unmonitored run of the same round.
/// <c>dotnet perf-lab/TradingMon.Benchmarks/bin/Release/net10.0/TradingMon.Benchmarks.dll monitor-overhead [rounds] [loops]</c> (root).
/// </summary>
public static class MonitorOverheadHarness
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

    private sealed record Variant(string Name, Func<IDisposable?> Start);

    public static void Run(int rounds, int loops)
    {
        var variants = new List<Variant>
        {
            new("none", () => null),
            new("tradingmon (sched)", () => new EngineRun([ProbeCatalog.Sched])),
            new("tradingmon (all sources)", () => new EngineRun(ProbeCatalog.All)),
            new("tradingmon monitor (CLI)", () => ChildMonitor.Start("dotnet", [CliDll(), "monitor", "--no-tui", "--reader-cpu", "0"], "tradingmon monitor: watching")),
            new("runqlat (libbpf-tools)", () => ChildMonitor.Start("stdbuf", ["-oL", "runqlat", "60"], "Tracing run queue latency")),
            new("bpftrace (runqlat)", () => ChildMonitor.Start("bpftrace", ["-B", "line", "-e", BpftraceRunqlat], "Attaching")),
        };
        var opsPerSec = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var ratios = variants.ToDictionary(v => v.Name, _ => new List<double>());
        Measure(loops / 10); // warm-up: perf, the page cache, the JIT
        for (int round = 0; round < rounds; round++)
        {
            var thisRound = new Dictionary<string, double>();
            for (int k = 0; k < variants.Count; k++)
            {
                var v = variants[(k + round) % variants.Count];
                using (v.Start())
                    thisRound[v.Name] = Measure(loops);
                opsPerSec[v.Name].Add(thisRound[v.Name]);
            }
            foreach (var v in variants) ratios[v.Name].Add(thisRound[v.Name] / thisRound["none"]);
            Console.WriteLine($"round {round + 1}/{rounds}: " + string.Join(", ", variants.Select(v => $"{v.Name} {thisRound[v.Name]:F0}")));
        }
        Console.WriteLine();
        Console.WriteLine($"taskset -c 1 perf bench sched pipe -l {loops}, {rounds} interleaved rounds; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"monitor",-26} {"median ops/s",12} {"vs none (median of rounds)",28} {"overhead",9}");
        foreach (var v in variants)
        {
            double ratio = RoundStats.Median(ratios[v.Name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{v.Name,-26} {RoundStats.Median(opsPerSec[v.Name]),12:F0} {ratio,28:F3} {(1 - ratio) * 100,8:F1}%"));
        }
    }

    /// <summary>The built CLI (<c>dotnet build -c Release</c>), found from this assembly's place in the repository.</summary>
    private static string CliDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "TradingMon.sln"))) continue;
            string dll = Path.Combine(dir.FullName, "src", "TradingMon.Cli", "bin", "Release", "net10.0", "tradingmon.dll");
            if (File.Exists(dll)) return dll;
            throw new TradingMonException($"{dll} not found: build the CLI first (dotnet build TradingMon.sln -c Release)");
        }
        throw new TradingMonException("cannot find the repository (TradingMon.sln) above the benchmark's directory; run the built benchmark from the repository");
    }

    /// <summary>One perf bench run pinned to CPU 1; its ops/s.</summary>
    private static double Measure(int loops)
    {
        string output = Workloads.CommandLine.Run("taskset", "-c", "1", "perf", "bench", "sched", "pipe", "-l", loops.ToString(CultureInfo.InvariantCulture));
        foreach (string line in output.Split('\n'))
        {
            string t = line.Trim();
            if (t.EndsWith("ops/sec", StringComparison.Ordinal))
                return double.Parse(t.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        }
        throw new TradingMonException($"perf bench sched pipe printed no ops/sec line: {output}");
    }

    /// <summary>The engine in this process, reader on CPU 0 (the benchmark owns CPU 1); its counters are printed at stop, so nothing is lost unseen.</summary>
    private sealed class EngineRun : IDisposable
    {
        private readonly MonitorEngine _engine;
        private readonly CountingAlertSink _sink = new();

        public EngineRun(IReadOnlyList<ProbeSource> sources) =>
            _engine = BenchEngine.Start(new ProbeOptions { Sources = sources }, _sink);

        public void Dispose()
        {
            _engine.Stop();
            var c = _engine.Counters();
            Console.WriteLine($"  engine: {c.KernelStreamed} streamed, {c.KernelDropped} kernel drops, {c.KernelLost} unmeasurable, {c.RingDropped} ring drops, {_sink.Count} alerts");
            _engine.Dispose();
        }
    }

    /// <summary>
    /// A monitoring tool in a child process on CPU 0, waited for until its attach message appears
    /// (line-buffered: through a pipe runqlat's stdio would hold the message back); interrupted on dispose.
    /// </summary>
    private sealed class ChildMonitor : IDisposable
    {
        private readonly Process _process;

        private ChildMonitor(Process process) => _process = process;

        public static ChildMonitor Start(string file, string[] args, string attachedMarker)
        {
            var psi = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in (string[])["-c", "0", file, .. args]) psi.ArgumentList.Add(a);
            Process process;
            try { process = Process.Start(psi)!; }
            catch (System.ComponentModel.Win32Exception e) { throw new TradingMonException($"cannot start {file}: {e.Message} (apt-get install libbpf-tools bpftrace)"); }
            var attached = new ManualResetEventSlim();
            // Some tools announce on stdout (runqlat, bpftrace), tradingmon's warnings go to stderr: watch both.
            DataReceivedEventHandler watch = (_, e) => { if (e.Data?.Contains(attachedMarker, StringComparison.Ordinal) == true) attached.Set(); };
            process.OutputDataReceived += watch;
            process.ErrorDataReceived += watch;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!attached.Wait(TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                throw new TradingMonException($"{file} did not print \"{attachedMarker}\" within 60 s");
            }
            return new ChildMonitor(process);
        }

        public void Dispose()
        {
            // SIGINT, as a user stops them: each prints its histogram or report and detaches.
            _ = Workloads.CommandLine.TryRun("kill", "-INT", _process.Id.ToString(CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
