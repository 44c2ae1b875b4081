using TradingMon.Core;

namespace TradingMon.Workloads;

/// <summary>
/// A thread pinned to one CPU that spins until disposed: keeps that CPU busy (timer ticks keep
/// coming under NO_HZ_IDLE) and running this process (a target for membarrier IPIs).
/// </summary>
public sealed class CpuSpinner : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private volatile bool _stop;
    private int _tid;
    private Exception? _failure;

    public int Cpu { get; }
    /// <summary>The spinning thread's kernel tid: what BPF sees as the interrupted task's pid.</summary>
    public int Tid => _tid;

    public CpuSpinner(int cpu)
    {
        Cpu = cpu;
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

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _started.Dispose();
    }
}
