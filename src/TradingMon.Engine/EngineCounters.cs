namespace TradingMon.Engine;

/// <summary>
/// Every place an event can be lost between the kernel and the histograms, plus what went through.
/// All totals since start; a monitor of the monitor prints these (nothing is dropped silently).
/// </summary>
/// <param name="KernelSeen">Intervals the BPF programs measured (after CPU/pid filters).</param>
/// <param name="KernelStreamed">Records submitted to the BPF ring buffers.</param>
/// <param name="KernelDropped">Records lost because a BPF ring buffer was full (the reader fell behind).</param>
/// <param name="KernelBelowMin">Intervals under the streaming threshold: counted in kernel only, by design.</param>
/// <param name="KernelLost">Intervals that happened but could not be measured in kernel (storage refused, a switch or wakeup the kernel did not report).</param>
/// <param name="ReaderDelivered">Records the pinned reader handed to the ring.</param>
/// <param name="ReaderMalformed">Records the reader could not decode (size mismatch): a bug if ever non-zero.</param>
/// <param name="RingDropped">Try-claims refused because the Disruptor ring was full (actors lagging).</param>
/// <param name="RingPublished">Events published into the Disruptor ring.</param>
/// <param name="Recorded">Events the ring consumer recorded into histograms.</param>
/// <param name="AlertsSent">Alerts handed to the alert sink.</param>
/// <param name="Restarts">Aggregator actors restarted by their supervisors.</param>
public readonly record struct EngineCounters(
    ulong KernelSeen, ulong KernelStreamed, ulong KernelDropped, ulong KernelBelowMin, ulong KernelLost,
    long ReaderDelivered, long ReaderMalformed, long RingDropped, long RingPublished,
    long Recorded, long AlertsSent, long Restarts);
