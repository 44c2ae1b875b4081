using TradingMon.Core;

namespace TradingMon.Ring.Kernel;

/// <summary>Builds the ring of kernel events from user configuration, with errors the CLI can print.</summary>
public static class KernelEventRing
{
    /// <summary>Default size: 64 Ki slots of 88 bytes (5.5 MiB), ~65 ms of the 1 M events/s worst case.</summary>
    public const int DefaultSize = 1 << 16;

    /// <summary>
    /// A ring of <paramref name="size"/> <see cref="KernelEvent"/> slots waiting with the strategy named
    /// <paramref name="waitStrategy"/> (see <see cref="WaitStrategies.Names"/>).
    /// </summary>
    /// <exception cref="TradingMonException">Size not a power of two, or unknown wait strategy.</exception>
    public static RingBuffer<KernelEvent> Create(ProducerType producers, int size = DefaultSize, string waitStrategy = WaitStrategies.Default, TimeSpan? timeout = null)
    {
        try
        {
            return new RingBuffer<KernelEvent>(producers, size, WaitStrategies.Create(waitStrategy, timeout));
        }
        catch (ArgumentException e)
        {
            throw new TradingMonException($"invalid ring configuration: {e.Message}", e);
        }
    }
}
