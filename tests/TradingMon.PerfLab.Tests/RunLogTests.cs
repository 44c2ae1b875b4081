using HdrHistogram;
using TradingMon.Actors.Hlog;
using TradingMon.PerfLab.Results;
using Xunit;

namespace TradingMon.PerfLab.Tests;

public class RunLogTests
{
    [Fact]
    public void A_run_log_reads_back_with_its_tags_and_counts()
    {
        var probe = new LongHistogram(1, 10_000_000_000, 3);
        for (long v = 1_000; v <= 1_000_000; v += 1_000) probe.RecordValue(v);
        var runq = new LongHistogram(1, 10_000_000_000, 3);
        runq.RecordValueWithCount(2_500_000, 7);
        string path = Path.GetTempFileName();
        try
        {
            RunLog.Write(path, new Dictionary<SeriesId, HistogramBase>
            {
                [new("probe.latency", "probe")] = probe,
                [new("sched.runq", "cpu1")] = runq,
            }, 1_700_000_000_000, 1_700_000_004_000);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'#', bytes[0]); // UTF-8, no BOM
            var entries = HlogReader.Read(path);
            Assert.Equal(["probe.latency:probe", "sched.runq:cpu1"], entries.Select(e => e.Tag));
            Assert.Equal(1000, entries[0].Histogram.TotalCount);
            Assert.Equal(7, entries[1].Histogram.TotalCount);
            Assert.Equal(2.5, entries[1].IntervalMaxMs, 2);
        }
        finally { File.Delete(path); }
    }
}
