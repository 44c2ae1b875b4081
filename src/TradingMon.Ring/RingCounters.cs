namespace TradingMon.Ring;

/// <summary>
/// What a monitor of the monitor reads from a ring. Counts are totals since start; Published - Consumed is
/// the backlog, TryClaimFailures the events dropped by non-blocking producers.
/// </summary>
/// <param name="Published">Events published (every slot up to this count is readable).</param>
/// <param name="Consumed">Events every gating (last-stage) consumer has finished.</param>
/// <param name="TryClaimFailures">Try-claims refused because the ring was full.</param>
/// <param name="ClaimWaits">Blocking claims that waited for a consumer (back-pressure).</param>
/// <param name="RemainingCapacity">Free slots now.</param>
/// <param name="Size">Ring size in slots.</param>
public readonly record struct RingCounters(
    long Published, long Consumed, long TryClaimFailures, long ClaimWaits, long RemainingCapacity, int Size);
