using System.Buffers.Binary;
using System.IO.Compression;
using TradingMon.Actors.Histograms;

namespace TradingMon.Actors.Hlog;

/// <summary>
/// HdrHistogram's V2 histogram encoding, the one every HdrHistogram (Java, C, Python, JS, .NET) reads
/// from a log line. All integers big-endian.
/// <code>
/// uncompressed: cookie 0x1c849313 | payload length | normalizing index offset (0) | significant digits
///               | lowest discernible value (i64) | highest trackable value (i64) | int-to-double ratio (f64, 1.0)
///               | counts: ZigZag LEB128 per counts-array index up to the last non-zero one,
///                 a run of k > 1 zero counts written as -k
/// compressed:   cookie 0x1c849314 | compressed length | zlib stream (RFC 1950) of the uncompressed form
/// </code>
/// The zlib stream is finished (final deflate block and Adler-32 trailer): HdrHistogram.NET's own
/// encoder leaves it unterminated, which stricter inflaters (pako, Python's zlib) reject.
/// </summary>
public static class HistogramV2Encoding
{
    /// <summary>V2 encoding cookie base 0x1c849303 with word-size nibble 1 (the "TLZE" counts encoding).</summary>
    public const int EncodingCookie = 0x1c849313;
    /// <summary>V2 compressed encoding cookie base 0x1c849304 with word-size nibble 1.</summary>
    public const int CompressedEncodingCookie = 0x1c849314;
    public const int HeaderLength = 40;
    private const int CookieBaseMask = ~0xf0;

    public static byte[] EncodeCompressed(SparseHistogram h)
    {
        byte[] raw = Encode(h);
        using var compressed = new MemoryStream();
        compressed.Write(new byte[8]); // cookie and length, filled in below
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        } // disposing finishes the deflate stream and writes the Adler-32 trailer
        byte[] bytes = compressed.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), CompressedEncodingCookie);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    public static byte[] Encode(SparseHistogram h)
    {
        var counts = new MemoryStream();
        var indices = h.Indices;
        var values = h.Counts;
        int next = 0; // next counts-array index to write
        for (int j = 0; j < indices.Length; j++)
        {
            int zeros = indices[j] - next;
            if (zeros == 1) WriteZigZag(counts, 0);
            else if (zeros > 1) WriteZigZag(counts, -zeros);
            WriteZigZag(counts, values[j]);
            next = indices[j] + 1;
        }
        var bytes = new byte[HeaderLength + counts.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span[0..], EncodingCookie);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], (int)counts.Length);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], h.Layout.SignificantDigits);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], 1);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], h.Layout.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(span[32..], 1.0);
        counts.GetBuffer().AsSpan(0, (int)counts.Length).CopyTo(span[HeaderLength..]);
        return bytes;
    }

    /// <summary>Decodes a compressed V2 histogram into (counts index, count) pairs and its header.</summary>
    public static SparseHistogram DecodeCompressed(ReadOnlySpan<byte> bytes, long startNs = 0, long endNs = 0)
    {
        int cookie = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if ((cookie & CookieBaseMask) != (CompressedEncodingCookie & CookieBaseMask))
            throw new InvalidDataException($"not a V2 compressed histogram (cookie 0x{cookie:x8})");
        int length = BinaryPrimitives.ReadInt32BigEndian(bytes[4..]);
        using var zlib = new ZLibStream(new MemoryStream(bytes.Slice(8, length).ToArray()), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return Decode(raw.ToArray(), startNs, endNs);
    }

    public static SparseHistogram Decode(byte[] bytes, long startNs, long endNs)
    {
        var span = bytes.AsSpan();
        int cookie = BinaryPrimitives.ReadInt32BigEndian(span);
        if ((cookie & CookieBaseMask) != (EncodingCookie & CookieBaseMask))
            throw new InvalidDataException($"not a V2 histogram (cookie 0x{cookie:x8})");
        int payload = BinaryPrimitives.ReadInt32BigEndian(span[4..]);
        int digits = BinaryPrimitives.ReadInt32BigEndian(span[12..]);
        long highest = BinaryPrimitives.ReadInt64BigEndian(span[24..]);
        var layout = new BucketLayout(highest, digits);
        var pairs = new List<(long, long)>();
        int pos = HeaderLength, end = HeaderLength + payload, index = 0;
        while (pos < end)
        {
            long v = ReadZigZag(span, ref pos);
            if (v < 0) index += (int)-v;
            else
            {
                if (v > 0) pairs.Add((layout.ValueAt(index), v));
                index++;
            }
        }
        return SparseHistogram.FromValues(layout, startNs, endNs, pairs);
    }

    // ZigZag, then LEB128: 7 bits a byte for the first 8 bytes, the 9th byte carries the last 8 bits.
    private static void WriteZigZag(Stream s, long value)
    {
        ulong v = (ulong)((value << 1) ^ (value >> 63));
        for (int i = 0; i < 8; i++)
        {
            if (v < 0x80)
            {
                s.WriteByte((byte)v);
                return;
            }
            s.WriteByte((byte)((v & 0x7f) | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static long ReadZigZag(ReadOnlySpan<byte> span, ref int pos)
    {
        ulong v = 0;
        int shift = 0;
        for (int i = 0; i < 8; i++)
        {
            byte b = span[pos++];
            v |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return (long)(v >> 1) ^ -(long)(v & 1);
            shift += 7;
        }
        v |= (ulong)span[pos++] << 56;
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
