using System.Diagnostics;
using TradingMon.Core;
using TradingMon.Kernel.Probes;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.Sched;

/// <summary>
/// Nothing is lost silently: under a context-switch storm a one-page ring buffer overflows and the
/// kernel counts the drops; the default size, drained by the pinned reader, loses nothing, and every
/// record the kernel streamed reaches the sink.
/// </summary>
public class RingDropTests(ITestOutputHelper output)
{
    private const int StormLoops = 100_000; // ≈ 400 k sched events: 1-3 s on this machine

    [Fact]
    public void A_tiny_ring_under_a_switch_storm_counts_drops()
    {
        var (counters, reader) = StreamDuringStorm(ringBytes: 4096);
        output.WriteLine($"4 KiB ring: {counters.Seen} seen, {counters.Streamed} streamed, {counters.Dropped} dropped; reader delivered {reader}");
        Assert.True(counters.Dropped > 0, "a one-page ring under a switch storm must overflow, and the kernel must count it");
        Assert.Equal(counters.Seen, counters.Streamed + counters.Dropped + counters.BelowMin);
        Assert.Equal((long)counters.Streamed, reader);
    }

    [Fact]
    public void The_default_ring_under_the_same_storm_drops_nothing()
    {
        var (counters, reader) = StreamDuringStorm(ringBytes: new ProbeOptions().RingBytes);
        output.WriteLine($"default ring: {counters.Seen} seen, {counters.Streamed} streamed, {counters.Dropped} dropped; reader delivered {reader}");
        Assert.True(counters.Seen > StormLoops, $"the storm made only {counters.Seen} run-queue waits");
        Assert.Equal(0UL, counters.Dropped);
        Assert.Equal((long)counters.Streamed, reader);
    }

    /// <summary>Streams every run-queue wait (no minimum) while perf ping-pongs two tasks on CPU 1.</summary>
    private static (ProbeCounters Counters, long Delivered) StreamDuringStorm(uint ringBytes)
    {
        var options = new ProbeOptions { Sources = [ProbeCatalog.Sched], RingBytes = ringBytes, ExcludeTgid = Environment.ProcessId };
        using var probes = KernelProbes.Load(options);
        var sink = new CountingSink();
        using var reader = new RingReader<CountingSink>(probes, sink, new ReaderOptions { Cpu = 0 });
        reader.Start();
        using (var storm = Process.Start(new ProcessStartInfo("taskset", ["-c", "1", "perf", "bench", "sched", "pipe", "-l", StormLoops.ToString()]) { RedirectStandardOutput = true })!)
        {
            storm.StandardOutput.ReadToEnd();
            if (!storm.WaitForExit(60_000))
            {
                storm.Kill(true);
                throw new TimeoutException("perf bench sched pipe did not finish within 60 s");
            }
            Assert.Equal(0, storm.ExitCode);
        }
        probes.Detach(); // no more records: the reader's final drain then sees every one streamed
        reader.Stop();
        var counters = probes.Find(ProbeCatalog.Sched)!.CountersTotal();
        Assert.Equal(0, reader.Refused);
        return (counters, sink.Count);
    }

    private sealed class CountingSink : IKernelEventSink
    {
        public long Count;

        public bool TryPublish(in KernelEvent e)
        {
            Count++; // only the reader thread writes; read after it stopped
            return true;
        }
    }
}
