using HdrHistogram;
using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A cyclictest-like latency probe: one thread pinned to the CPU under test that wakes on a fixed
/// period and records, in an HdrHistogram, how late it actually ran. Every deadline is recorded,
/// also those that passed while the probe was held off (no skipping, so a long stall shows up as the
/// run of late wakeups it really caused: no coordinated omission).
/// </summary>
/// <remarks>
/// The histogram is written only by the probe thread and read only after <see cref="Stop"/> joined it,
/// so it needs no lock. Recording is <c>LongHistogram.RecordValue</c>: no allocation per sample.
/// </remarks>
public sealed unsafe class LatencyProbe : IDisposable
{
    /// <summary>The probe thread's default name, which is also its kernel comm: scenarios filter run-queue latency by it.</summary>
    public const string DefaultThreadName = "latency-probe";

    private readonly LatencyProbeOptions _options;
    private readonly LongHistogram _lateness = new(1, LatencyProbeOptions.HighestTrackableNs, 3);
    private readonly Thread _probe;
    private readonly Thread? _partner;
    // Futex words for ping-pong, in native memory so their address never moves: [0] ping sequence,
    // [1] pong sequence, [2..3] the ping's CLOCK_MONOTONIC stamp (long).
    private readonly int* _words;
    private volatile bool _stopping;
    private bool _disposed;
    private Exception? _failure;
    private long _beyondRange;

    public LatencyProbe(LatencyProbeOptions options)
    {
        if (options.PeriodNs < 10_000) throw new TradingMonException($"latency probe period {options.PeriodNs} ns is below 10 µs: the probe would measure itself; use a period of 100 µs or more");
        if (options.FifoPriority is < 0 or > 99) throw new TradingMonException($"latency probe priority {options.FifoPriority} is outside 0..99 (0 = SCHED_OTHER)");
        _options = options;
        _words = (int*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(64);
        _probe = new Thread(options.PartnerCpu is null ? RunTimer : RunPingPongProbe) { IsBackground = true, Name = options.ThreadName };
        if (options.PartnerCpu is not null) _partner = new Thread(RunPingPongPartner) { IsBackground = true, Name = "latency-partner" };
    }

    /// <summary>Samples that exceeded <see cref="LatencyProbeOptions.HighestTrackableNs"/> and were clamped to it.</summary>
    public long BeyondRange => Interlocked.Read(ref _beyondRange);

    public void Start()
    {
        _probe.Start();
        _partner?.Start();
    }

    /// <summary>Stops the threads (within one period) and returns the lateness histogram (ns).</summary>
    public LongHistogram Stop()
    {
        _stopping = true;
        _partner?.Join();
        _probe.Join();
        if (_failure is not null) throw _failure is TradingMonException ? _failure : new TradingMonException($"latency probe failed: {_failure.Message}", _failure);
        return _lateness;
    }

    private void EnterCpu(int cpu, int fifoPriority)
    {
        LinuxThread.PinCurrentThread(cpu);
        LatencyProbeClock.UseExactTimers();
        LatencyProbeClock.SetComm(Thread.CurrentThread.Name!);
        if (fifoPriority > 0) LinuxThread.SetScheduler(LinuxThread.SCHED_FIFO, fifoPriority);
    }

    private void Record(long ns)
    {
        if (ns < 0) ns = 0; // the clock cannot run backwards, but a wakeup can land exactly on the deadline
        if (ns > LatencyProbeOptions.HighestTrackableNs) { ns = LatencyProbeOptions.HighestTrackableNs; _beyondRange++; }
        _lateness.RecordValue(ns);
    }

    private void RunTimer()
    {
        try
        {
            EnterCpu(_options.Cpu, _options.FifoPriority);
            long period = _options.PeriodNs;
            long deadline = LinuxThread.MonotonicNs() + period;
            while (!_stopping)
            {
                LatencyProbeClock.SleepUntil(deadline);
                Record(LinuxThread.MonotonicNs() - deadline);
                deadline += period;
            }
        }
        catch (Exception e) { _failure = e; }
    }

    private void RunPingPongPartner()
    {
        try
        {
            // The partner is the timer: it must not itself be delayed on the CPU under test.
            EnterCpu(_options.PartnerCpu!.Value, _options.FifoPriority);
            long period = _options.PeriodNs;
            long deadline = LinuxThread.MonotonicNs() + period;
            int* ping = _words, pong = _words + 1;
            long* stamp = (long*)(_words + 2);
            while (!_stopping)
            {
                LatencyProbeClock.SleepUntil(deadline);
                deadline += period;
                int sent = *ping + 1;
                // The stamp is published before the sequence (Volatile.Write = release), so the probe
                // that sees the new sequence reads this ping's stamp.
                Volatile.Write(ref *stamp, LinuxThread.MonotonicNs());
                Volatile.Write(ref *ping, sent);
                LatencyProbeClock.FutexWake(ping);
                while (Volatile.Read(ref *pong) != sent && !_stopping) LatencyProbeClock.FutexWait(pong, sent - 1, 100_000_000);
            }
            Volatile.Write(ref *ping, -1);
            LatencyProbeClock.FutexWake(ping);
        }
        catch (Exception e) { _failure = e; _stopping = true; }
    }

    private void RunPingPongProbe()
    {
        try
        {
            EnterCpu(_options.Cpu, _options.FifoPriority);
            int* ping = _words, pong = _words + 1;
            long* stamp = (long*)(_words + 2);
            int seen = 0;
            while (!_stopping)
            {
                int now = Volatile.Read(ref *ping);
                if (now == seen) { LatencyProbeClock.FutexWait(ping, seen, 100_000_000); continue; }
                if (now < 0) break;
                Record(LinuxThread.MonotonicNs() - Volatile.Read(ref *stamp));
                seen = now;
                Volatile.Write(ref *pong, seen);
                LatencyProbeClock.FutexWake(pong);
            }
        }
        catch (Exception e) { _failure = e; _stopping = true; }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_probe.IsAlive || (_partner?.IsAlive ?? false)) { _stopping = true; _partner?.Join(); _probe.Join(); }
        System.Runtime.InteropServices.NativeMemory.Free(_words);
    }
}
