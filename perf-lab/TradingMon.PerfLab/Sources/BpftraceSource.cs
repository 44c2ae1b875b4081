using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HdrHistogram;
using TradingMon.Core;
using TradingMon.PerfLab.Results;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Sources;

/// <summary>
/// Kernel metrics (<c>sched.runq</c>, <c>softirq.duration</c>, <c>net.txq.latency</c>) from Debian's
/// bpftrace, which prints one line per measured interval; this reads them into HdrHistograms.
/// It stands in for the monitor engine (src/TradingMon.Engine) until that can be run in-process:
/// same tracepoints, same semantics, same key names, but a separate process and a text stream,
/// so it is for tens of thousands of events per second, not the engine's millions.
/// </summary>
/// <remarks>
/// Run-queue latency restarts at a switch-out with <c>prev_state == 0</c> (preempted, still runnable),
/// not only at a wakeup (DESIGN.md); the idle task (pid 0) is never a waiter. Softirq duration is
/// entry to exit per CPU; tx-queue latency is net_dev_queue to net_dev_start_xmit keyed by skb address,
/// with the queue taken at start_xmit (classic net_dev_queue has no queue field). bpftrace runs on
/// CPU 0 so its own wakeups stay off the CPU under test; lines it could not deliver ("Lost N events")
/// are counted and reported. bpftrace is started once per scenario (attaching takes seconds on a busy
/// machine) and each run takes the events between <see cref="BeginRun"/> and <see cref="EndRun"/>.
/// </remarks>
public sealed partial class BpftraceSource : IDisposable
{
    private const string AttachedMarker = "Attaching";
    private readonly string _script;
    // The run being recorded, or null between runs; swapped under _runLock, which the reader takes per line.
    private Dictionary<SeriesId, LongHistogram>? _series;
    private readonly Lock _runLock = new();
    private Process? _bpftrace;
    private Thread? _reader;
    private readonly ManualResetEventSlim _attached = new();
    private readonly StringBuilder _stderr = new();
    private readonly TextWriter _console;
    private long _events, _lost, _unparsed;
    private volatile bool _sawAttach;

    /// <param name="runqComm">Only run-queue waits of tasks with this name; null for every task.</param>
    public BpftraceSource(IReadOnlyCollection<string> metrics, string? runqComm, TextWriter console)
    {
        _script = Script(metrics, runqComm);
        _console = console;
    }

    public static bool Needed(string metric) => Array.IndexOf(Scenarios.ScenarioFile.KernelMetrics, metric) >= 0;

    public void Start()
    {
        var psi = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "0", "bpftrace", "-B", "line", "-e", _script }) psi.ArgumentList.Add(a);
        // Wakeup timestamps for every task and queued skb live in bpftrace maps; the default 4096 keys
        // would fill on a busy machine and updates would fail silently.
        psi.Environment["BPFTRACE_MAP_KEYS_MAX"] = "262144";
        try { _bpftrace = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new TradingMonException($"cannot start bpftrace for kernel metrics: {e.Message} (apt-get install bpftrace util-linux)"); }
        _bpftrace.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("Lost ", StringComparison.Ordinal)) Interlocked.Add(ref _lost, ParseLost(e.Data));
            else lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _bpftrace.BeginErrorReadLine();
        _reader = new Thread(Read) { IsBackground = true, Name = "bpftrace-reader" };
        _reader.Start();
        // The reader also releases the wait at end of output, so only the marker itself means attached.
        if (!_attached.Wait(TimeSpan.FromSeconds(30)) || !_sawAttach || _bpftrace.HasExited)
        {
            Kill();
            _bpftrace.WaitForExit();
            string why;
            lock (_stderr) why = _stderr.ToString().Trim();
            throw new TradingMonException($"bpftrace did not attach its tracepoints: {(why.Length > 0 ? why : "no answer in 30 s")} (needs root and tracefs at /sys/kernel/tracing)");
        }
    }

    private long _eventsAtBegin, _lostAtBegin;

    /// <summary>Starts a run: events from now on go into fresh histograms.</summary>
    public void BeginRun()
    {
        lock (_runLock)
        {
            _series = new Dictionary<SeriesId, LongHistogram>();
            _eventsAtBegin = _events + _unparsed;
            _lostAtBegin = Interlocked.Read(ref _lost);
        }
    }

    /// <summary>Ends the run and returns its series. bpftrace delivers through buffers, so the caller waits a little first (see ScenarioRun).</summary>
    public IReadOnlyDictionary<SeriesId, HistogramBase> EndRun()
    {
        Dictionary<SeriesId, LongHistogram> run;
        long events, lost;
        lock (_runLock)
        {
            run = _series!;
            _series = null;
            events = _events + _unparsed - _eventsAtBegin;
            lost = Interlocked.Read(ref _lost) - _lostAtBegin;
        }
        _console.WriteLine($"  kernel metrics (bpftrace): {events} events, {lost} lost, {_unparsed} unreadable lines so far");
        if (lost > 0) _console.WriteLine("  warning: bpftrace lost events; this run's kernel series are incomplete");
        if (_bpftrace!.HasExited) throw new TradingMonException("bpftrace exited during the run; the kernel series are incomplete (see its messages above)");
        return run.ToDictionary(x => x.Key, x => (HistogramBase)x.Value);
    }

    private void Read()
    {
        string? line;
        while ((line = _bpftrace!.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith(AttachedMarker, StringComparison.Ordinal)) { _sawAttach = true; _attached.Set(); continue; }
            if (line.Length == 0) continue;
            if (line.StartsWith("Lost ", StringComparison.Ordinal)) { Interlocked.Add(ref _lost, ParseLost(line)); continue; }
            lock (_runLock)
            {
                if (_series is null) continue; // between runs
                if (TryRecord(_series, line)) _events++;
                else _unparsed++;
            }
        }
        _attached.Set();
    }

    /// <summary>"R cpu ns" (run-queue), "S cpu vec ns" (softirq), "T dev queue ns" (tx queue).</summary>
    private static bool TryRecord(Dictionary<SeriesId, LongHistogram> series, string line)
    {
        var f = line.Split(' ');
        string key;
        string metric;
        switch (f[0])
        {
            case "R" when f.Length == 3: metric = "sched.runq"; key = $"cpu{f[1]}"; break;
            case "S" when f.Length == 4 && uint.TryParse(f[2], CultureInfo.InvariantCulture, out uint vec):
                metric = "softirq.duration"; key = $"cpu{f[1]}/{(SoftirqVector)vec}"; break;
            case "T" when f.Length == 4: metric = "net.txq.latency"; key = $"{f[1]}/tx{f[2]}"; break;
            default: return false;
        }
        if (!long.TryParse(f[^1], CultureInfo.InvariantCulture, out long ns) || ns < 0) return false;
        var id = new SeriesId(metric, key);
        if (!series.TryGetValue(id, out var h)) series[id] = h = new LongHistogram(1, LatencyProbeOptions.HighestTrackableNs, 3);
        h.RecordValue(Math.Min(ns, LatencyProbeOptions.HighestTrackableNs));
        return true;
    }

    private static long ParseLost(string line)
    {
        var f = line.Split(' ');
        return f.Length > 1 && long.TryParse(f[1], CultureInfo.InvariantCulture, out long n) ? n : 1;
    }

    private static string Script(IReadOnlyCollection<string> metrics, string? runqComm)
    {
        string filter = runqComm is null ? "" : $" && args->next_comm == \"{runqComm}\"";
        var s = new StringBuilder();
        var maps = new List<string>();
        if (metrics.Contains("sched.runq"))
            s.Append($$"""
                tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new { @wait[args->pid] = nsecs; }
                tracepoint:sched:sched_switch {
                  if (args->prev_state == 0 && args->prev_pid != 0) { @wait[args->prev_pid] = nsecs; }
                  $t = @wait[args->next_pid];
                  if ($t{{filter}}) { printf("R %d %lld\n", cpu, nsecs - $t); }
                  delete(@wait[args->next_pid]);
                }

                """);
        if (metrics.Contains("sched.runq")) maps.Add("@wait");
        if (metrics.Contains("softirq.duration")) maps.Add("@entry");
        if (metrics.Contains("net.txq.latency")) maps.Add("@queued");
        if (metrics.Contains("softirq.duration"))
            s.Append("""
                tracepoint:irq:softirq_entry { @entry[cpu] = nsecs; }
                tracepoint:irq:softirq_exit { $t = @entry[cpu]; if ($t) { printf("S %d %d %lld\n", cpu, args->vec, nsecs - $t); delete(@entry[cpu]); } }

                """);
        if (metrics.Contains("net.txq.latency"))
            s.Append("""
                tracepoint:net:net_dev_queue { @queued[args->skbaddr] = nsecs; }
                tracepoint:net:net_dev_start_xmit {
                  $t = @queued[args->skbaddr];
                  if ($t) { printf("T %s %d %lld\n", str(args->name), args->queue_mapping, nsecs - $t); delete(@queued[args->skbaddr]); }
                }
                tracepoint:skb:kfree_skb { delete(@queued[args->skbaddr]); }

                """);
        // Without END clearing them, bpftrace prints every map at exit.
        s.Append("END { ").AppendJoin(" ", maps.Select(m => $"clear({m});")).Append(" }\n");
        return s.ToString();
    }

    private void Kill()
    {
        try { _bpftrace?.Kill(); } catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        if (_bpftrace is { HasExited: false })
        {
            // SIGINT lets bpftrace detach and run END (which clears its maps) before exiting.
            kill(_bpftrace.Id, SIGINT);
            if (!_bpftrace.WaitForExit(10_000)) { Kill(); _bpftrace.WaitForExit(); }
        }
        _reader?.Join();
        _bpftrace?.Dispose();
        _attached.Dispose();
    }

    private const int SIGINT = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
