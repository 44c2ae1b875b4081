using System.Diagnostics;

namespace TradingMon.Actors.Tests.Hlog;

/// <summary>
/// Runs the npm package hdr-histogram-js under node as an independent .hlog reader. The package is
/// installed once into a temp directory with `npm install --prefix`; when npm or the registry is
/// unreachable the test fails saying so.
/// </summary>
internal static class HdrHistogramJs
{
    private const string Package = "hdr-histogram-js@3.0.1";
    private static readonly string Prefix = Path.Combine(Path.GetTempPath(), "tradingmon-hdr-histogram-js-3.0.1");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> ReadAsync(string hlogPath)
    {
        string modules = await InstallAsync();
        string script = Path.Combine(AppContext.BaseDirectory, "Hlog", "read-hlog.js");
        var (code, stdout, stderr) = await RunAsync("node", [script, modules, hlogPath], TimeSpan.FromSeconds(60));
        if (code != 0) throw new InvalidOperationException($"hdr-histogram-js could not read {hlogPath} (node exit {code}): {stderr}");
        return stdout;
    }

    private static async Task<string> InstallAsync()
    {
        string modules = Path.Combine(Prefix, "node_modules");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(modules, "hdr-histogram-js", "package.json"))) return modules;
            Directory.CreateDirectory(Prefix);
            var (code, stdout, stderr) = await RunAsync("npm", ["install", "--prefix", Prefix, "--no-audit", "--no-fund", Package], TimeSpan.FromSeconds(90));
            if (code != 0 || !File.Exists(Path.Combine(modules, "hdr-histogram-js", "package.json")))
                throw new InvalidOperationException(
                    $"npm could not install {Package} into {Prefix} (exit {code}); the independent .hlog reader needs npm and its registry reachable. npm said: {stderr}{stdout}");
            return modules;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string[] args, TimeSpan timeout)
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
            throw new InvalidOperationException($"cannot run {file}: {e.Message} (install node and npm: .ci/setup does)", e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
            }
            return (p.ExitCode, await stdout, await stderr);
        }
    }
}
