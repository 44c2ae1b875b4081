using System.Diagnostics;
using System.Text;

namespace TradingMon.Cli.Tests;

/// <summary>Runs the real `tradingmon` (the build copies it beside the tests) as a child process.</summary>
public sealed class Tradingmon : IDisposable
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tradingmon.dll");

    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();
    private readonly object _lock = new();

    private Tradingmon(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_lock) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_lock) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public string Stdout { get { lock (_lock) return _stdout.ToString(); } }
    public string Stderr { get { lock (_lock) return _stderr.ToString(); } }

    /// <param name="wrapper">A command that runs dotnet (setpriv, unshare), or null.</param>
    public static Tradingmon Start(IEnumerable<string> args, string? wrapper = null, IEnumerable<string>? wrapperArgs = null, IDictionary<string, string>? env = null, string? cwd = null)
    {
        var psi = new ProcessStartInfo(wrapper ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = cwd ?? Path.GetTempPath(),
        };
        if (wrapper is not null)
        {
            foreach (var a in wrapperArgs ?? []) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("dotnet");
        }
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return new Tradingmon(Process.Start(psi)!);
    }

    /// <summary>Runs to completion; returns the exit code.</summary>
    public static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args, string? wrapper = null, IEnumerable<string>? wrapperArgs = null, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        using var t = Start(args, wrapper, wrapperArgs, env);
        int code = t.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        return (code, t.Stdout, t.Stderr);
    }

    /// <summary>Runs <paramref name="command"/> with sh inside a private mount namespace (unshare -m).</summary>
    public static (int Code, string Stdout, string Stderr) RunShell(string command)
    {
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c", command }) psi.ArgumentList.Add(a);
        using var t = new Tradingmon(Process.Start(psi)!);
        int code = t.WaitForExit(TimeSpan.FromSeconds(60));
        return (code, t.Stdout, t.Stderr);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradingmon did not exit within {timeout}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // flush the async readers
        return _process.ExitCode;
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; false if the process exits or time runs out.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return false;
            Thread.Sleep(20);
        }
        return false;
    }

    public void Signal(int signal) => _ = kill(_process.Id, signal);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
