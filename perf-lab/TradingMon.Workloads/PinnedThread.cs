namespace TradingMon.Workloads;

/// <summary>Runs work on a new thread pinned to one CPU, and waits for it: the workloads' way to load a given CPU.</summary>
public static class PinnedThread
{
    public static T Run<T>(int cpu, Func<T> body) => NetworkNamespace.RunInside(null, cpu, body);

    public static void Run(int cpu, Action body) => NetworkNamespace.RunInside(null, cpu, () => { body(); return 0; });
}
