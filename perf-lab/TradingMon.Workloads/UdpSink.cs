using System.Net;
using System.Net.Sockets;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// Receives and counts UDP packets on a port, inside a network namespace (or the caller's) on its
/// own thread. Keeps the receiving side quiet (no ICMP port-unreachable replies) and lets a sender
/// wait until each packet arrived.
/// </summary>
public sealed class UdpSink : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _received;
    private long _lastReceivedNs;

    public long Received => Interlocked.Read(ref _received);
    /// <summary>CLOCK_MONOTONIC ns when the last packet was read.</summary>
    public long LastReceivedNs => Interlocked.Read(ref _lastReceivedNs);

    private UdpSink(Socket socket)
    {
        _socket = socket;
        _thread = new Thread(Loop) { IsBackground = true, Name = "tmn-udp-sink" };
        _thread.Start();
    }

    public static UdpSink Start(string? netns, IPEndPoint bindTo)
    {
        var socket = NetworkNamespace.RunInside(netns, -1, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.ReceiveBufferSize = 4 << 20;
            s.ReceiveTimeout = 100; // lets Dispose stop the loop
            s.Bind(bindTo);
            return s;
        });
        return new UdpSink(socket);
    }

    /// <summary>Waits until at least <paramref name="count"/> packets arrived; false on timeout.</summary>
    public bool WaitFor(long count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Received < count)
        {
            if (DateTime.UtcNow > until) return false;
            Thread.SpinWait(50);
        }
        return true;
    }

    private void Loop()
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            try
            {
                _socket.Receive(buffer);
                Interlocked.Exchange(ref _lastReceivedNs, LinuxThread.MonotonicNs());
                Interlocked.Increment(ref _received);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _socket.Dispose();
    }
}
