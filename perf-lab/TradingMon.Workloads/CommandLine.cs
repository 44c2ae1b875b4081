using System.Diagnostics;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>Runs the system tools the workloads drive (ip, tc, clang) and turns a failure into one clear error.</summary>
public static class CommandLine
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; returns stdout, throws with stderr on a non-zero exit.</summary>
    public static string Run(string file, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(file, args);
        if (code != 0)
            throw new TradingMonException($"`{file} {string.Join(' ', args)}` failed (exit {code}): {stderr.Trim()}");
        return stdout;
    }

    /// <summary>Runs a command whose failure is expected sometimes (deleting what may not exist).</summary>
    public static (int Code, string Stdout, string Stderr) TryRun(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TradingMonException($"cannot run `{file}`: {e.Message} (install iproute2 / clang)");
        }
        using (p)
        {
            var stderrTask = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout, stderrTask.Result);
        }
    }
}
