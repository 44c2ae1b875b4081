using System.Diagnostics;
using TradingMon.Aeron.Alerts;

namespace TradingMon.Aeron.Tests;

/// <summary>Loopback plumbing for the alert tests: channels on this task's ports (127.0.0.1:40200-40299).</summary>
internal static class AlertLoopback
{
    public static string Channel(int port) => $"aeron:udp?endpoint=127.0.0.1:{port}|term-length=64k|linger=50ms";

    /// <summary>Drives <paramref name="poll"/> until <paramref name="done"/> or the (generous) deadline.</summary>
    public static bool PollUntil(Func<bool> done, Action poll, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = within ?? TimeSpan.FromSeconds(20);
        while (!done())
        {
            if (deadline.Elapsed > limit) return false;
            poll();
            Thread.Yield();
        }
        return true;
    }

    /// <summary>Polls the subscription until the publication reports a receiver (SETUP → SM done).</summary>
    public static void Connect(AeronPublication publication, AeronSubscription subscription)
    {
        if (!PollUntil(() => publication.IsConnected, () => subscription.Poll(Ignore)))
            throw new TimeoutException($"publication to {publication.Channel} never connected: {publication.Counters} / {subscription.Counters}");
    }

    public static void Ignore(ReadOnlySpan<byte> message, in MessageHeader header) { }

    public static AlertDecodeResult Decode(ReadOnlySpan<byte> message, out TradingMon.Core.Alert alert)
    {
        var result = AlertDecoder.TryWrap(message, out var decoder);
        alert = result == AlertDecodeResult.Ok ? decoder.ToAlert() : default;
        return result;
    }
}
