namespace TradingMon.Core;

/// <summary>
/// Network namespaces as the kernel probes report them: by the inode of /proc/&lt;pid&gt;/ns/net.
/// A device is named plainly in the monitor's own namespace, and with its namespace elsewhere,
/// since two namespaces may both hold an "eth0" with the same ifindex.
/// </summary>
public static class NetNamespace
{
    /// <summary>The inode of this process's network namespace; 0 when /proc does not tell.</summary>
    public static uint Own { get; } = ReadOwn();

    /// <summary><c>eth0</c> in our own namespace (or when unknown: 0), <c>eth0@ns4026532281</c> in another.</summary>
    public static string QualifiedDevice(string device, uint netns) =>
        netns == 0 || netns == Own ? device : $"{device}@ns{netns}";

    private static uint ReadOwn()
    {
        // The link reads "net:[4026531840]".
        string? target = new FileInfo("/proc/self/ns/net").LinkTarget;
        if (target is null) return 0;
        int open = target.IndexOf('['), close = target.IndexOf(']');
        return open >= 0 && close > open && uint.TryParse(target.AsSpan(open + 1, close - open - 1), out uint inode) ? inode : 0;
    }
}
