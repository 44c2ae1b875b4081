using System.Runtime.CompilerServices;
using TradingMon.Core;

namespace TradingMon.Ring.Kernel;

/// <summary>
/// The bridge a pinned kernel reader publishes through: try-claim a slot, copy the 88-byte
/// <see cref="KernelEvent"/> into it, publish. When consumers lag it refuses at once and counts the drop,
/// so the reader keeps draining the BPF ring instead of blocking (and the kernel never backs up).
/// </summary>
/// <remarks>
/// One publisher per reader thread: <see cref="Dropped"/> and <see cref="Published"/> have a single writer.
/// Several readers share a ring only if it was built with <see cref="ProducerType.Multi"/>.
/// </remarks>
public sealed class KernelEventRingPublisher : IKernelEventSink
{
    private readonly RingBuffer<KernelEvent> _ring;
    private long _published;
    private long _dropped;

    public KernelEventRingPublisher(RingBuffer<KernelEvent> ring) => _ring = ring;

    public RingBuffer<KernelEvent> Ring => _ring;

    /// <summary>Events this publisher put into the ring.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Events refused because the ring was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPublish(in KernelEvent e)
    {
        if (!_ring.TryClaim(out long sequence))
        {
            // Single writer (the reader thread): a release store lets monitoring threads read it.
            Volatile.Write(ref _dropped, _dropped + 1);
            return false;
        }
        _ring[sequence] = e;
        _ring.Publish(sequence);
        Volatile.Write(ref _published, _published + 1);
        return true;
    }
}
