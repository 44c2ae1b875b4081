using TradingMon.Core;

namespace TradingMon.Ring.Tests;

/// <summary>
/// The default wait strategy must not burn a core: an idle consumer parked on it uses (almost) no CPU.
/// Measured as the consumer thread's own utime+stime from /proc, so neighbours' load cannot make it fail.
/// </summary>
public class IdleCpuTests
{
    private readonly struct NoOpHandler : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch) { }
    }

    [Theory]
    [InlineData(WaitStrategies.Default)]
    [InlineData("sleeping")]
    public void IdleConsumerDoesNotSpin(string wait)
    {
        var ring = new RingBuffer<long>(ProducerType.Single, 64, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<long>(ring);
        pipeline.Add(new NoOpHandler());
        int tid = 0;
        pipeline.Start(_ => Volatile.Write(ref tid, LinuxThread.CurrentTid()));
        ring.TryPublish(1); // one event, then idle
        SpinWait.SpinUntil(() => Volatile.Read(ref tid) != 0 && pipeline.Processors[0].Processed == 1, TimeSpan.FromSeconds(10));
        Thread.Sleep(50);

        long before = CpuTicks(tid);
        Thread.Sleep(1000);
        long used = CpuTicks(tid) - before;
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));

        // A spinning consumer would use ~100 ticks (1 s) here when it gets a core; allow 10 % for wake-ups.
        Assert.True(used <= 10, $"idle consumer used {used} clock ticks of CPU in 1 s");
    }

    /// <summary>utime + stime of a thread in clock ticks (USER_HZ, 100 per second).</summary>
    private static long CpuTicks(int tid)
    {
        string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        // Fields after the parenthesised comm: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
