using System.Buffers.Binary;

namespace TradingMon.Aeron.Tests.Vectors;

/// <summary>One UDP datagram out of a capture.</summary>
public sealed record CapturedDatagram(double Seconds, int SourcePort, int DestinationPort, byte[] Payload);

/// <summary>
/// Just enough of the classic pcap format for the vectors: little-endian microsecond files,
/// Ethernet link type, IPv4, UDP. Anything else fails loudly rather than being misread.
/// </summary>
public static class PcapReader
{
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const int GlobalHeaderLength = 24, RecordHeaderLength = 16, EthernetHeaderLength = 14;
    private const int LinkTypeEthernet = 1;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const byte ProtocolUdp = 17;

    public static List<CapturedDatagram> Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (BinaryPrimitives.ReadUInt32LittleEndian(file) != MicrosecondMagic)
            throw new InvalidDataException($"{path}: not a little-endian microsecond pcap");
        if (BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20)) != LinkTypeEthernet)
            throw new InvalidDataException($"{path}: link type is not Ethernet");

        var datagrams = new List<CapturedDatagram>();
        double firstTime = double.NaN;
        int offset = GlobalHeaderLength;
        while (offset + RecordHeaderLength <= file.Length)
        {
            var record = file.AsSpan(offset);
            double time = BinaryPrimitives.ReadUInt32LittleEndian(record) + BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) / 1e6;
            int capturedLength = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            var packet = record.Slice(RecordHeaderLength, capturedLength);
            offset += RecordHeaderLength + capturedLength;
            if (double.IsNaN(firstTime)) firstTime = time;

            if (BinaryPrimitives.ReadUInt16BigEndian(packet[12..]) != EtherTypeIPv4) continue;
            var ip = packet[EthernetHeaderLength..];
            int ipHeaderLength = (ip[0] & 0x0F) * 4;
            if (ip[9] != ProtocolUdp) continue;
            var udp = ip[ipHeaderLength..];
            int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            datagrams.Add(new CapturedDatagram(time - firstTime,
                BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
                udp[8..udpLength].ToArray()));
        }
        return datagrams;
    }
}
