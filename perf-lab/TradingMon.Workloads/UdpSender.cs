using System.Net;
using System.Net.Sockets;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A connected UDP socket created inside a network namespace (or the caller's, when none is given)
/// that sends fixed-size packets. The socket stays in the namespace it was created in, whichever
/// thread sends; the sending thread's CPU picks the tx queue under XPS.
/// </summary>
public sealed class UdpSender : IDisposable
{
    /// <summary>Ethernet (14) + IPv4 (20) + UDP (8) header bytes: what a qdisc counts beyond the payload.</summary>
    public const int HeaderBytes = 42;

    private readonly Socket _socket;
    private readonly byte[] _payload;

    public int PayloadBytes => _payload.Length;
    /// <summary>The frame length tbf charges per packet.</summary>
    public int FrameBytes => _payload.Length + HeaderBytes;

    private UdpSender(Socket socket, int payloadBytes)
    {
        _socket = socket;
        _payload = new byte[payloadBytes];
    }

    public static UdpSender Open(string? netns, IPEndPoint destination, int payloadBytes)
    {
        if (payloadBytes is < 1 or > 1400)
            throw new ArgumentOutOfRangeException(nameof(payloadBytes), payloadBytes, "1..1400 bytes: one unfragmented packet per send");
        var socket = NetworkNamespace.RunInside(netns, -1, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.SendBufferSize = 4 << 20; // a whole burst may sit in the qdisc, charged to this socket
            s.Connect(destination);
            return s;
        });
        return new UdpSender(socket, payloadBytes);
    }

    public void Send() => _socket.Send(_payload);

    /// <summary>
    /// Sends <paramref name="count"/> packets back to back; returns CLOCK_MONOTONIC ns taken just
    /// before each send (comparable with bpf_ktime_get_ns()).
    /// </summary>
    public long[] SendBurst(int count)
    {
        var sentNs = new long[count];
        for (int i = 0; i < count; i++)
        {
            sentNs[i] = LinuxThread.MonotonicNs();
            _socket.Send(_payload);
        }
        return sentNs;
    }

    public void Dispose() => _socket.Dispose();
}
