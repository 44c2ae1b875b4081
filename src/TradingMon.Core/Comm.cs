using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace TradingMon.Core;

/// <summary>
/// A kernel 16-byte, NUL-padded name (task comm, IRQ action, device), stored inline so an event
/// stays blittable. Convert to a string only off the hot path (reports, alerts' text).
/// </summary>
[InlineArray(Length)]
public struct Comm : IEquatable<Comm>
{
    public const int Length = 16;
    private byte _element0;

    /// <summary>The bytes up to the first NUL.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes
    {
        get
        {
            ReadOnlySpan<byte> all = this;
            int n = all.IndexOf((byte)0);
            return n < 0 ? all : all[..n];
        }
    }

    public static Comm From(string s)
    {
        var c = default(Comm);
        Span<byte> dst = c;
        // Like the kernel's comm: at most 15 bytes, always NUL-terminated.
        Encoding.ASCII.GetBytes(s.AsSpan(0, Math.Min(s.Length, Length - 1)), dst[..(Length - 1)]);
        return c;
    }

    public readonly bool Equals(Comm other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);
    public override readonly bool Equals(object? obj) => obj is Comm c && Equals(c);
    public override readonly int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(this);
        return h.ToHashCode();
    }

    public override readonly string ToString() => Encoding.UTF8.GetString(Bytes);
}
