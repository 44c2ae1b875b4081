using System.Diagnostics;

namespace TradingMon.Kernel.Tests;

/// <summary>Runs the built `tradingmon` (the same binary a user runs) as a child process.</summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tradingmon.dll");

    public static Process Start(params string[] args) => StartAs(null, args);

    /// <summary>Starts it, optionally through a wrapper such as setpriv (to drop privileges).</summary>
    public static Process StartAs(string[]? wrapper, params string[] args)
    {
        var all = new List<string>();
        string file;
        if (wrapper is { Length: > 0 })
        {
            file = wrapper[0];
            all.AddRange(wrapper[1..]);
            all.Add(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath! : "/usr/bin/dotnet");
        }
        else
        {
            file = "dotnet";
        }
        all.Add(Dll);
        all.AddRange(args);
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in all) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
        return Process.Start(psi)!;
    }

    public static (int Code, string Stdout, string Stderr) Run(TimeSpan timeout, string[]? wrapper, params string[] args)
    {
        using var p = StartAs(wrapper, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(true);
            throw new TimeoutException($"tradingmon {string.Join(' ', args)} did not exit within {timeout}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
