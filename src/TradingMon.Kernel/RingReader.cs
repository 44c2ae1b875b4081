using System.Runtime.InteropServices;
using TradingMon.Core;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

public sealed record ReaderOptions
{
    /// <summary>CPU the reader thread is pinned to; null = not pinned.</summary>
    public int? Cpu { get; init; }
    public ReaderWaitStrategy Wait { get; init; } = ReaderWaitStrategy.Epoll;
    /// <summary>With <see cref="ReaderWaitStrategy.Epoll"/>: the longest sleep when the kernel does not wake us.</summary>
    public int PollIntervalMs { get; init; } = 2;
    /// <summary>Records taken from one ring before looking at the next, so no source starves the others.</summary>
    public int BatchPerRing { get; init; } = 4096;
}

/// <summary>
/// One pinned thread that drains every probe's ring buffer into a sink, in place and without a
/// system call per record. It excludes itself from the scheduler probe, so reading does not create
/// the events it reads.
/// </summary>
public sealed class RingReader<TSink> : IDisposable where TSink : IKernelEventSink
{
    private readonly KernelProbes _probes;
    private readonly RingBufferMap[] _rings;
    private readonly TSink _sink;
    private readonly ReaderOptions _options;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stopping;
    private Exception? _startError;
    private int _epollFd = -1;

    /// <summary>The reader thread's kernel tid.</summary>
    public int Tid { get; private set; }
    /// <summary>Times the reader found every ring empty and waited.</summary>
    public long IdleWaits;

    public RingReader(KernelProbes probes, TSink sink, ReaderOptions options)
    {
        _probes = probes;
        _sink = sink;
        _options = options;
        _rings = probes.Probes.Select(p => p.Ring).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "tm-ring-reader" };
    }

    public IReadOnlyList<RingBufferMap> Rings => _rings;

    /// <summary>Records refused by the sink (consumers lagging): counted, never blocking the kernel drain.</summary>
    public long Refused
    {
        get
        {
            long n = 0;
            foreach (var r in _rings) n += Volatile.Read(ref r.Refused);
            return n;
        }
    }

    public long Delivered
    {
        get
        {
            long n = 0;
            foreach (var r in _rings) n += Volatile.Read(ref r.Delivered);
            return n;
        }
    }

    public void Start()
    {
        _thread.Start();
        _started.Wait();
        if (_startError is not null) throw _startError;
    }

    private void Run()
    {
        try
        {
            if (_options.Cpu is int cpu) LinuxThread.PinCurrentThread(cpu);
            Tid = LinuxThread.CurrentTid();
            _probes.ExcludeThreads([Tid]);
            if (_options.Wait == ReaderWaitStrategy.Epoll) _epollFd = CreateEpoll();
        }
        catch (Exception e)
        {
            _startError = e;
            _started.Set();
            return;
        }
        _started.Set();
        while (!_stopping)
        {
            if (DrainAll() == 0) Wait();
        }
        // Stop: everything the kernel committed before now is delivered.
        while (DrainAll() > 0) { }
    }

    private int DrainAll()
    {
        int n = 0;
        foreach (var ring in _rings) n += ring.Drain(_sink, _options.BatchPerRing);
        return n;
    }

    private unsafe void Wait()
    {
        IdleWaits++;
        switch (_options.Wait)
        {
            case ReaderWaitStrategy.BusySpin:
                Thread.SpinWait(32);
                break;
            case ReaderWaitStrategy.Yield:
                Thread.Yield();
                break;
            default:
                var events = stackalloc Syscalls.EpollEvent[8];
                Syscalls.epoll_wait(_epollFd, events, 8, _options.PollIntervalMs);
                break;
        }
    }

    private unsafe int CreateEpoll()
    {
        int fd = Syscalls.epoll_create1(0);
        if (fd < 0) throw new TradingMonException($"epoll_create1 failed: {Marshal.GetLastPInvokeErrorMessage()}");
        foreach (var ring in _rings)
        {
            var ev = new Syscalls.EpollEvent { Events = Syscalls.EPOLLIN, Data = (ulong)ring.Fd };
            if (Syscalls.epoll_ctl(fd, Syscalls.EPOLL_CTL_ADD, ring.Fd, &ev) != 0)
                throw new TradingMonException($"cannot wait on the {ring.Source} ring buffer: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return fd;
    }

    /// <summary>Stops the thread after a final drain of everything already committed.</summary>
    public void Stop()
    {
        _stopping = true;
        if (_thread.IsAlive) _thread.Join();
        if (_epollFd >= 0)
        {
            Syscalls.close(_epollFd);
            _epollFd = -1;
        }
    }

    public void Dispose() => Stop();
}
