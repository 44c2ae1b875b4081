namespace TradingMon.Core;

/// <summary>
/// Where a kernel ring-buffer reader hands each event. Implemented by the Disruptor-pattern ring's
/// publisher (try-claim, copy, publish) and, for <c>tradingmon probe</c>, by a simple consumer.
/// </summary>
/// <remarks>
/// Called on the pinned reader thread for every record: it must not block, allocate or throw.
/// Returning false means the event was not taken (consumers lag); the reader counts it as a
/// ring drop and keeps draining the kernel ring, so the kernel side never backs up.
/// </remarks>
public interface IKernelEventSink
{
    bool TryPublish(in KernelEvent e);
}
