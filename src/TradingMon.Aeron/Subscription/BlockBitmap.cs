using System.Numerics;

namespace TradingMon.Aeron;

/// <summary>
/// One bit per 32-byte block of an image's term buffer: set = a received frame covers it. The
/// bits, not the bytes, say what has arrived, so consumed space never needs zeroing and a frame
/// is only ever written into blocks that are all free (no overlap can corrupt a frame).
/// </summary>
internal sealed class BlockBitmap
{
    private readonly ulong[] _words;

    public BlockBitmap(int blocks) => _words = new ulong[(blocks + 63) / 64];

    public bool IsSet(int block) => (_words[block >> 6] & (1UL << block)) != 0;

    public bool IsRangeClear(int start, int count)
    {
        for (int block = start; block < start + count; block++)
            if (IsSet(block)) return false;
        return true;
    }

    public void SetRange(int start, int count)
    {
        for (int block = start; block < start + count; block++)
            _words[block >> 6] |= 1UL << block;
    }

    public void ClearRange(int start, int count)
    {
        int block = start, end = start + count;
        while (block < end && (block & 63) != 0) _words[block >> 6] &= ~(1UL << block++);
        while (block + 64 <= end) { _words[block >> 6] = 0; block += 64; }
        while (block < end) _words[block >> 6] &= ~(1UL << block++);
    }

    /// <summary>First set block in [start, end), or end if none.</summary>
    public int NextSet(int start, int end)
    {
        int block = start;
        while (block < end)
        {
            ulong word = _words[block >> 6] >> (block & 63);
            if (word != 0) return Math.Min(end, block + BitOperations.TrailingZeroCount(word));
            block = (block | 63) + 1;
        }
        return end;
    }
}
