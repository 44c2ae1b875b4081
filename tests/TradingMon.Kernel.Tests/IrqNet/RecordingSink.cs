using TradingMon.Core;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>
/// Test sink: keeps every event in a pre-allocated array (one reader thread writes, the test reads
/// after the probe stopped). Refuses, and counts, what does not fit.
/// </summary>
public sealed class RecordingSink : IKernelEventSink
{
    private readonly KernelEvent[] _events;
    private int _count;
    private long _refused;

    public RecordingSink(int capacity = 1 << 20) => _events = new KernelEvent[capacity];

    public long Refused => Interlocked.Read(ref _refused);

    public bool TryPublish(in KernelEvent e)
    {
        int n = _count;
        if (n == _events.Length)
        {
            Interlocked.Increment(ref _refused);
            return false;
        }
        _events[n] = e;
        Volatile.Write(ref _count, n + 1); // publish the slot before the count
        return true;
    }

    /// <summary>The events recorded so far (a copy).</summary>
    public KernelEvent[] Snapshot() => _events.AsSpan(0, Volatile.Read(ref _count)).ToArray();
}
