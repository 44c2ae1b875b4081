using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// One real Aeron C program (media driver or sample) run by an interop test: its stdout lines are
/// collected as they come (line-buffered through stdbuf, since the samples use printf), and it is stopped
/// with SIGINT so it shuts down as a user would stop it (the samples and aeronmd handle SIGINT).
/// </summary>
internal sealed class InteropProcess : IDisposable
{
    private const int SigInt = 2;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public InteropProcess(string binary, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-oL");
        start.ArgumentList.Add(binary);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) _errors.Enqueue(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Name = Path.GetFileName(binary);
    }

    public string Name { get; }
    public IReadOnlyCollection<string> Lines => _lines;
    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="done"/> holds for the output so far; false on timeout.</summary>
    public bool WaitForOutput(Func<IReadOnlyCollection<string>, bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (done(_lines)) return true;
            Thread.Sleep(20);
        }
        return done(_lines);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Everything it printed, for a failing assertion's message.</summary>
    public string Transcript() =>
        $"--- {Name} stdout ---\n{string.Join('\n', _lines)}\n--- {Name} stderr ---\n{string.Join('\n', _errors)}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            kill(_process.Id, SigInt);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
