using System.Net.Sockets;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// Steady UDP traffic at a fixed packet rate from a thread pinned to one CPU, until disposed: the
/// noise behind perf-lab's softirq (loopback) and NIC-queue (veth + tbf) injectors. Packets go out
/// in a small batch every millisecond, paced to absolute deadlines so the rate holds even when the
/// sender is delayed.
/// </summary>
public sealed class PacedUdpLoad : IDisposable
{
    private const long TickNs = 1_000_000;
    private readonly UdpSender _sender;
    private readonly int _cpu;
    private readonly int _packetsPerSecond;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _sent, _refused;
    private Exception? _failure;

    public PacedUdpLoad(UdpSender sender, int cpu, int packetsPerSecond)
    {
        _sender = sender;
        _cpu = cpu;
        _packetsPerSecond = packetsPerSecond;
        _thread = new Thread(Run) { IsBackground = true, Name = $"tmp-udp-load-cpu{cpu}" };
    }

    public long Sent => Interlocked.Read(ref _sent);
    /// <summary>Sends the kernel refused (socket buffer or qdisc full): load that did not happen.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public void Start() => _thread.Start();

    private void Run()
    {
        try
        {
            LinuxThread.PinCurrentThread(_cpu);
            long start = LinuxThread.MonotonicNs(), deadline = start, due = 0;
            while (!_stopping)
            {
                deadline += TickNs;
                LatencyProbeClock.SleepUntil(deadline);
                long target = (deadline - start) * _packetsPerSecond / 1_000_000_000L;
                for (; due < target && !_stopping; due++)
                {
                    try { _sender.Send(); Interlocked.Increment(ref _sent); }
                    catch (SocketException) { Interlocked.Increment(ref _refused); }
                }
            }
        }
        catch (Exception e) { _failure = e; }
    }

    /// <summary>Stops the sender; throws if it failed (a silent stop would leave a scenario without its noise).</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive) _thread.Join();
        var failure = Interlocked.Exchange(ref _failure, null); // reported once, by the first Dispose
        if (failure is not null) throw new TradingMonException($"UDP load on CPU {_cpu} failed: {failure.Message}", failure);
    }
}
