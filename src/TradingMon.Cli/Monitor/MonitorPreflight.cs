using System.Net.Sockets;
using TradingMon.Aeron;
using TradingMon.Core;
using TradingMon.Kernel;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The checks that run after the configuration is read and before any probe is attached: each failure
/// is one <see cref="TradingMonException"/> naming the problem and the fix (the CLI prints it, exit 2).
/// </summary>
public static class MonitorPreflight
{
    /// <summary>Where tracepoints are found; eBPF tracepoint attachment needs tracefs mounted.</summary>
    public const string TracefsEvents = "/sys/kernel/tracing/events";

    public static void Check(MonitorSettings s)
    {
        CheckOutputDirectory(s.JsonSummary is null ? null : Path.GetDirectoryName(s.JsonSummary), "--json-summary");
        CheckOutputDirectory(s.HlogDir, "--hlog-dir");
        CheckAlertEndpoint(s.AlertChannel);
        KernelPreflight.Check(); // privileges, then BTF
        if (!Directory.Exists(TracefsEvents))
            throw new TradingMonException("tracefs is not mounted (/sys/kernel/tracing/events missing): run `mount -t tracefs tracefs /sys/kernel/tracing` (or bash .ci/setup)");
    }

    /// <summary>Creates the directory if needed and proves a file can be written there.</summary>
    private static void CheckOutputDirectory(string? dir, string option)
    {
        if (dir is null) return;
        string probe = Path.Combine(dir, $".tradingmon-write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TradingMonException($"{option}: cannot write to directory {dir} ({e.Message}); choose a writable directory or fix its permissions");
        }
    }

    /// <summary>
    /// Parses the channel (which resolves the host) and asks the kernel for a route to it: connect() on
    /// a UDP socket binds a local address and looks the route up without sending anything.
    /// </summary>
    private static void CheckAlertEndpoint(string uri)
    {
        var channel = AeronChannel.Parse(uri);
        using var socket = new Socket(channel.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(channel.Endpoint);
        }
        catch (SocketException e)
        {
            throw new TradingMonException($"--alerts {uri}: cannot send to {channel.Endpoint} ({e.SocketErrorCode}); give an endpoint this host can reach, e.g. {MonitorSettings.DefaultChannel}");
        }
    }
}
