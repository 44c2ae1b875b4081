using System.Buffers.Binary;
using TradingMon.Aeron;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// Deterministic test messages: message i carries its sequence number and a length and content
/// derived from i, so the receiving side can check order, exactly-once and integrity.
/// </summary>
public sealed class TestStream
{
    private readonly Func<long, int> _lengthOf;

    public TestStream(Func<long, int> lengthOf) => _lengthOf = lengthOf;

    public long NextToSend { get; private set; }
    public long NextExpected { get; set; }
    public long Received { get; private set; }

    public int Write(long sequence, Span<byte> buffer)
    {
        int length = Math.Max(8, _lengthOf(sequence));
        BinaryPrimitives.WriteInt64LittleEndian(buffer, sequence);
        for (int i = 8; i < length; i++) buffer[i] = (byte)(sequence * 31 + i);
        return length;
    }

    /// <summary>Offers the next message; true if the publication took it.</summary>
    public bool OfferNext(AeronPublication publication, Span<byte> scratch)
    {
        int length = Write(NextToSend, scratch);
        if (publication.Offer(scratch[..length]) <= 0) return false;
        NextToSend++;
        return true;
    }

    /// <summary>Handler asserting that every message is the next one expected and intact.</summary>
    public void OnMessage(ReadOnlySpan<byte> message, in MessageHeader header)
    {
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(message);
        if (sequence != NextExpected)
            Assert.Fail($"expected message {NextExpected}, got {sequence} (session {header.SessionId}, position {header.Position})");
        Span<byte> expected = new byte[message.Length];
        int length = Write(sequence, expected);
        Assert.Equal(length, message.Length);
        Assert.True(message.SequenceEqual(expected), $"message {sequence} corrupted");
        NextExpected++;
        Received++;
    }
}
