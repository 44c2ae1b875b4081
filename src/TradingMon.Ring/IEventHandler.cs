namespace TradingMon.Ring;

/// <summary>
/// Consumes events from a ring. Implement it on a <c>struct</c> (holding references to the real state) so
/// <see cref="BatchEventProcessor{T,THandler}"/> is specialised for it and the JIT inlines
/// <see cref="OnEvent"/> into the batch loop: no interface dispatch per event.
/// </summary>
public interface IEventHandler<T> where T : struct
{
    /// <summary>
    /// Handles the event in slot <paramref name="sequence"/>, by reference (valid only during the call).
    /// <paramref name="endOfBatch"/> is true on the last event currently available: flush once per batch there.
    /// Must not block; an exception is counted and logged and handled by the processor's <see cref="ExceptionPolicy"/>.
    /// </summary>
    void OnEvent(ref T evt, long sequence, bool endOfBatch);
}
