using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingMon.Aeron.Tests.Vectors;

/// <summary>One frame line of a *-decoded.txt file: its type and every key=value field.</summary>
public sealed record DecodedFrame(string Type, IReadOnlyDictionary<string, string> Fields, bool IsHeartbeat)
{
    public long Long(string key) => long.Parse(Fields[key], CultureInfo.InvariantCulture);
    public int Int(string key) => int.Parse(Fields[key], CultureInfo.InvariantCulture);
    public byte Flags => Convert.ToByte(Fields["flags"], 16);
}

/// <summary>One datagram of a *-decoded.txt file: time, ports, size and its frames.</summary>
public sealed record DecodedDatagram(double Seconds, int SourcePort, int DestinationPort, int Size, List<DecodedFrame> Frames);

/// <summary>Parses the vectors' decoded text: a datagram line, then an indented line per frame.</summary>
public static partial class DecodedCapture
{
    [GeneratedRegex(@"^\s*(?<t>[\d.]+)\s+(?<src>\d+)->(?<dst>\d+)\s+dgram=(?<size>\d+)B\s*$")]
    private static partial Regex DatagramLine();

    [GeneratedRegex(@"^\s+(?<type>[A-Z]+)\s+(?<rest>.*)$")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"(?<key>[A-Za-z]+)=(?<value>b'[^']*'|\S+)")]
    private static partial Regex Field();

    public static List<DecodedDatagram> Read(string path)
    {
        var datagrams = new List<DecodedDatagram>();
        foreach (string line in File.ReadLines(path))
        {
            var datagram = DatagramLine().Match(line);
            if (datagram.Success)
            {
                datagrams.Add(new DecodedDatagram(double.Parse(datagram.Groups["t"].Value, CultureInfo.InvariantCulture),
                    int.Parse(datagram.Groups["src"].Value), int.Parse(datagram.Groups["dst"].Value),
                    int.Parse(datagram.Groups["size"].Value), []));
                continue;
            }
            var frame = FrameLine().Match(line);
            if (!frame.Success) continue;
            var fields = new Dictionary<string, string>();
            foreach (Match field in Field().Matches(frame.Groups["rest"].Value))
                fields[field.Groups["key"].Value] = field.Groups["value"].Value;
            datagrams[^1].Frames.Add(new DecodedFrame(frame.Groups["type"].Value, fields, line.Contains("(HEARTBEAT)")));
        }
        return datagrams;
    }

    /// <summary>The payload as the decoder printed it (b'...'), as bytes; the vectors only hold ASCII.</summary>
    public static byte[] Payload(DecodedFrame frame)
    {
        string text = frame.Fields["payload"];
        return System.Text.Encoding.ASCII.GetBytes(text[2..^1]);
    }
}
