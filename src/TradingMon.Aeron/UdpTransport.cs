using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TradingMon.Core;

namespace TradingMon.Aeron;

/// <summary>
/// One non-blocking UDP socket. Send and receive go straight to libc <c>sendto</c>/<c>recvfrom</c>
/// with MSG_DONTWAIT: the managed Socket API reports "would block" by throwing and allocates an
/// EndPoint per datagram, both unacceptable on the publish path. The Socket object still owns the
/// descriptor (bind, options, close) and turns setup failures into clear errors.
/// </summary>
internal sealed unsafe partial class UdpTransport : IDisposable
{
    private const int MsgDontWait = 0x40;
    private const int EAgain = 11;
    private const ushort AfInet = 2;

    private readonly Socket _socket;
    private readonly int _fd;

    private UdpTransport(Socket socket)
    {
        _socket = socket;
        _fd = (int)socket.Handle;
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binds <paramref name="local"/>; <paramref name="role"/> says who needs it, for the error message.</summary>
    /// <exception cref="TradingMonException">The address cannot be bound (in use, not local, no permission).</exception>
    public static UdpTransport Bind(IPEndPoint local, string role, int? receiveBufferSize, int? sendBufferSize)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (receiveBufferSize is int rcv) socket.ReceiveBufferSize = rcv;
            if (sendBufferSize is int snd) socket.SendBufferSize = snd;
            socket.Bind(local);
            socket.Blocking = false;
            return new UdpTransport(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            string hint = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "another process already bound it; stop it or choose another port",
                SocketError.AddressNotAvailable => "that address is not assigned to a local interface; use a local address such as 127.0.0.1",
                SocketError.AccessDenied => "permission denied; use a port above 1023 or run with CAP_NET_BIND_SERVICE",
                _ => "check the address and port",
            };
            throw new TradingMonException($"cannot bind UDP {local} for the {role}: {e.SocketErrorCode}; {hint}", e);
        }
    }

    /// <summary>Receives one datagram if one is waiting. Returns its length, 0 if none, or -errno.</summary>
    public int TryReceive(Span<byte> buffer, out SocketAddress4 source)
    {
        SockAddrIn address = default;
        uint addressLength = (uint)sizeof(SockAddrIn);
        nint received;
        fixed (byte* data = buffer)
            received = recvfrom(_fd, data, (nuint)buffer.Length, MsgDontWait, &address, &addressLength);
        source = new SocketAddress4(address.Address, address.Port);
        if (received >= 0) return (int)received;
        int errno = Marshal.GetLastPInvokeError();
        return errno == EAgain ? 0 : -errno;
    }

    /// <summary>Sends one datagram. Returns its length, 0 if the socket buffer is full (retry later), or -errno.</summary>
    public int TrySend(ReadOnlySpan<byte> datagram, in SocketAddress4 destination)
    {
        var address = new SockAddrIn { Family = AfInet, Port = destination.PortNetworkOrder, Address = destination.AddressNetworkOrder };
        nint sent;
        fixed (byte* data = datagram)
            sent = sendto(_fd, data, (nuint)datagram.Length, MsgDontWait, &address, (uint)sizeof(SockAddrIn));
        if (sent >= 0) return (int)sent;
        int errno = Marshal.GetLastPInvokeError();
        return errno == EAgain ? 0 : -errno;
    }

    public void Dispose() => _socket.Dispose();

    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvfrom(int fd, byte* buffer, nuint length, int flags, SockAddrIn* address, uint* addressLength);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendto(int fd, byte* buffer, nuint length, int flags, SockAddrIn* address, uint addressLength);
}
