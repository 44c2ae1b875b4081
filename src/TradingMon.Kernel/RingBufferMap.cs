using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

/// <summary>
/// A BPF_MAP_TYPE_RINGBUF mapped into this process and read in place, with no system call per
/// record. Layout (kernel/bpf/ringbuf.c): page 0 holds the consumer position (ours, writable);
/// page 1 the producer position (kernel's, read-only); then the data area, mapped twice in a row so
/// a record that wraps can be read as one contiguous span.
/// </summary>
/// <remarks>Single consumer: only the reader thread that owns it calls <see cref="Drain"/>.</remarks>
public sealed unsafe class RingBufferMap : IDisposable
{
    // Record header: u32 len | BUSY (still being written) | DISCARD (reserved then dropped), u32 page offset.
    private const uint BusyBit = 1u << 31, DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    private readonly nint _consumerPage, _producerArea;
    private readonly nuint _producerLength;
    private readonly long* _consumerPos;
    private readonly long* _producerPos;
    private readonly byte* _data;
    private readonly long _mask;
    private readonly int _pageSize;

    /// <summary>The ring's map fd, for epoll.</summary>
    public int Fd { get; }
    public string Source { get; }
    public long Size => _mask + 1;

    /// <summary>Records handed to the sink and refused by it (the sink counts the latter as ring drops).</summary>
    public long Delivered, Refused;
    /// <summary>Records of an unexpected size: an object/binary mismatch, counted rather than trusted.</summary>
    public long Malformed;

    public RingBufferMap(string source, int mapFd, long size)
    {
        Source = source;
        Fd = mapFd;
        _mask = size - 1;
        _pageSize = Syscalls.getpagesize();
        _consumerPage = Syscalls.mmap(0, (nuint)_pageSize, Syscalls.PROT_READ | Syscalls.PROT_WRITE, Syscalls.MAP_SHARED, mapFd, 0);
        if (_consumerPage == Syscalls.MapFailed)
            throw new TradingMonException($"cannot map the {source} ring buffer: {Marshal.GetLastPInvokeErrorMessage()}");
        _producerLength = (nuint)(_pageSize + 2 * size);
        _producerArea = Syscalls.mmap(0, _producerLength, Syscalls.PROT_READ, Syscalls.MAP_SHARED, mapFd, _pageSize);
        if (_producerArea == Syscalls.MapFailed)
        {
            Syscalls.munmap(_consumerPage, (nuint)_pageSize);
            throw new TradingMonException($"cannot map the {source} ring buffer data: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        _consumerPos = (long*)_consumerPage;
        _producerPos = (long*)_producerArea;
        _data = (byte*)_producerArea + _pageSize;
    }

    /// <summary>Bytes written by the kernel and not consumed yet.</summary>
    public long Pending => Volatile.Read(ref *_producerPos) - Volatile.Read(ref *_consumerPos);

    /// <summary>
    /// Hands every committed record to <paramref name="sink"/>, at most <paramref name="budget"/>
    /// of them; returns how many records were consumed. Stops at the first record still being
    /// written (BUSY): records are committed in order of reservation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Drain<TSink>(TSink sink, int budget) where TSink : IKernelEventSink
    {
        // We are the only writer of the consumer position: a plain read is enough.
        long cons = *_consumerPos;
        // Acquire: record contents written before the producer position moved are visible.
        long prod = Volatile.Read(ref *_producerPos);
        int n = 0;
        while (cons < prod && n < budget)
        {
            byte* hdr = _data + (cons & _mask);
            uint len = Volatile.Read(ref *(uint*)hdr); // acquire: pairs with the kernel's commit (xchg)
            if ((len & BusyBit) != 0) break;
            uint payload = len & ~(BusyBit | DiscardBit);
            if ((len & DiscardBit) == 0)
            {
                if (payload == KernelEvent.Size)
                {
                    if (sink.TryPublish(in *(KernelEvent*)(hdr + HeaderSize))) Delivered++;
                    else Refused++;
                }
                else
                {
                    Malformed++;
                }
            }
            cons += (payload + HeaderSize + 7) & ~7L;
            n++;
            // Release: the kernel may reuse the space only after we finished reading the record.
            Volatile.Write(ref *_consumerPos, cons);
        }
        return n;
    }

    public void Dispose()
    {
        Syscalls.munmap(_producerArea, _producerLength);
        Syscalls.munmap(_consumerPage, (nuint)_pageSize);
    }
}
