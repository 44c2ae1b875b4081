using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>Named network namespaces (<c>ip netns</c>) and moving a thread into one.</summary>
public static partial class NetworkNamespace
{
    private const int CLONE_NEWNET = 0x40000000;

    public static void Add(string name) => CommandLine.Run("ip", "netns", "add", name);

    /// <summary>Deletes the namespace if it exists; true when it did.</summary>
    public static bool Delete(string name) => CommandLine.TryRun("ip", "netns", "del", name).Code == 0;

    public static bool Exists(string name) => File.Exists($"/run/netns/{name}");

    /// <summary>The namespace's inode number: what the kernel probes report as netns (/run/netns/NAME is a bind mount of it).</summary>
    public static uint Inode(string name) => uint.Parse(CommandLine.Run("stat", "-L", "-c", "%i", $"/run/netns/{name}").Trim());

    /// <summary>Runs a command inside the namespace (with its own /sys, as <c>ip netns exec</c> mounts one).</summary>
    public static string Exec(string name, string file, params string[] args) =>
        CommandLine.Run("ip", ["netns", "exec", name, file, .. args]);

    /// <summary>
    /// Moves the calling thread into the namespace: sockets it creates from now on live there.
    /// A network namespace is per thread, so call this only on a dedicated thread that is not
    /// reused afterwards (never on a thread-pool thread).
    /// </summary>
    public static void EnterOnCurrentThread(string name)
    {
        using SafeFileHandle fd = File.OpenHandle($"/run/netns/{name}", FileMode.Open, FileAccess.Read);
        if (setns((int)fd.DangerousGetHandle(), CLONE_NEWNET) != 0)
            throw new TradingMonException($"cannot enter network namespace {name}: {Marshal.GetLastPInvokeErrorMessage()} (needs root or CAP_SYS_ADMIN)");
    }

    /// <summary>Runs <paramref name="body"/> on a new thread inside the namespace (optionally pinned) and waits for it.</summary>
    public static T RunInside<T>(string? name, int cpu, Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var t = new Thread(() =>
        {
            try
            {
                if (cpu >= 0) LinuxThread.PinCurrentThread(cpu);
                if (name is not null) EnterOnCurrentThread(name);
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = $"tmn-{name}-cpu{cpu}" };
        t.Start();
        t.Join();
        if (failure is not null) throw failure is TradingMonException ? failure : new TradingMonException($"workload thread in {name} failed: {failure.Message}", failure);
        return result;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
