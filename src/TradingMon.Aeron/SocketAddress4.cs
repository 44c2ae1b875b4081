using System.Buffers.Binary;
using System.Net;

namespace TradingMon.Aeron;

/// <summary>
/// An IPv4 UDP peer as a value: address and port in network byte order, exactly as they sit in
/// a <c>sockaddr_in</c>, so receiving and replying to a source costs no allocation.
/// </summary>
public readonly record struct SocketAddress4(uint AddressNetworkOrder, ushort PortNetworkOrder)
{
    public static SocketAddress4 From(IPEndPoint endpoint)
    {
        Span<byte> bytes = stackalloc byte[4];
        endpoint.Address.TryWriteBytes(bytes, out _);
        return new SocketAddress4(BitConverter.ToUInt32(bytes), ToNetworkOrder((ushort)endpoint.Port));
    }

    public int Port => ToNetworkOrder(PortNetworkOrder);

    public IPEndPoint ToIPEndPoint() => new(new IPAddress(AddressNetworkOrder), Port);

    public override string ToString() => ToIPEndPoint().ToString();

    private static ushort ToNetworkOrder(ushort value) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
}
