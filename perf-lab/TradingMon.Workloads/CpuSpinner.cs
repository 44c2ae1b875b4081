using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A thread pinned to one CPU that spins until disposed: keeps that CPU busy (timer ticks keep
/// coming under NO_HZ_IDLE) and running this process (a target for membarrier IPIs).
/// With a SCHED_FIFO priority no ordinary task can take the CPU from it; keep such runs short
/// (the kernel's RT throttling leaves others 5 % anyway).
/// </summary>
public sealed class CpuSpinner : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stop;
    private int _tid;
    private Exception? _failure;

    public int Cpu { get; }
    /// <summary>SCHED_FIFO priority (1..99), or 0 for SCHED_OTHER.</summary>
    public int FifoPriority { get; }
    /// <summary>The spinning thread's kernel tid: what BPF sees as the interrupted task's pid.</summary>
    public int Tid => _tid;

    public CpuSpinner(int cpu, int fifoPriority = 0)
    {
        Cpu = cpu;
        FifoPriority = fifoPriority;
        _thread = new Thread(Spin) { IsBackground = true, Name = $"tmn-spin-cpu{cpu}" };
        _thread.Start();
        _started.Wait();
        if (_failure is not null) throw _failure;
    }

    private void Spin()
    {
        try
        {
            LinuxThread.PinCurrentThread(Cpu);
            if (FifoPriority > 0) LinuxThread.SetScheduler(LinuxThread.SCHED_FIFO, FifoPriority);
            _tid = LinuxThread.CurrentTid();
        }
        catch (TradingMonException e)
        {
            _failure = e;
            _stop = true;
        }
        _started.Set();
        while (!_stop) Thread.SpinWait(100);
    }

    /// <summary>
    /// The spinner's schedstat: time on CPU (ns; advanced at context switches and ticks, so up to
    /// a tick stale) and how many times it was switched onto a CPU. Both move as expected across an
    /// interval (run time by about its length, switch-ins not at all) only if it held its CPU throughout.
    /// </summary>
    public (long RunNs, long SwitchIns) SchedStat()
    {
        var f = File.ReadAllText($"/proc/self/task/{_tid}/schedstat").Split(' ');
        return (long.Parse(f[0]), long.Parse(f[2]));
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _started.Dispose();
    }
}
