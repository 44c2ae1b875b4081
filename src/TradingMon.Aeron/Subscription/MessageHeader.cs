namespace TradingMon.Aeron;

/// <summary>Where a delivered message sits in its stream; passed by reference to the handler, no allocation.</summary>
/// <param name="TermId">Term of the message's first fragment.</param>
/// <param name="TermOffset">Offset of the message's first fragment in that term.</param>
/// <param name="Position">Stream position just after this message.</param>
/// <param name="ReservedValue">The last fragment's reserved_value (0 unless the publisher filled it).</param>
public readonly record struct MessageHeader(int SessionId, int StreamId, int TermId, int TermOffset, long Position, long ReservedValue);

/// <summary>Receives one whole (reassembled) message. The span is only valid during the call.</summary>
public delegate void MessageHandler(ReadOnlySpan<byte> message, in MessageHeader header);
