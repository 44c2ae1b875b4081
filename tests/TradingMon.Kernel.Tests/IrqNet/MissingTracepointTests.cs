using TradingMon.Kernel.Probes;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.IrqNet;

[Collection(KernelIrqNetCollection.Name)]
public class MissingTracepointTests(ITestOutputHelper output)
{
    [Fact]
    public void A_missing_vector_is_named_with_what_is_lost()
    {
        Assert.Equal("tracepoint irq_vectors:threshold_apic_entry is missing on this kernel: machine-check threshold interrupt times " +
                     "are not measured (only kernels built with CONFIG_X86_MCE_THRESHOLD have it)",
                     TracepointLosses.Describe("threshold_apic_entry"));
        Assert.StartsWith("tracepoint irq_vectors:call_function_single_exit is missing on this kernel: single-target",
                          TracepointLosses.Describe("call_function_single_exit"));
        Assert.StartsWith("tracepoint net:net_dev_queue is missing", TracepointLosses.Describe("net_dev_queue"));
    }

    /// <summary>
    /// Real kernel: every tracepoint this kernel lacks (here the MCE vectors, absent without
    /// CONFIG_X86_MCE_AMD/_THRESHOLD) is skipped with one line in words; the rest loads and attaches.
    /// </summary>
    [Theory]
    [InlineData("irq")]
    [InlineData("softirq")]
    [InlineData("net")]
    public void Missing_tracepoints_are_skipped_in_words_and_the_rest_attaches(string source)
    {
        using var run = ProbeRun.Start(ProbeCatalog.ByName(source));
        foreach (var w in run.Warnings) output.WriteLine(w);
        Assert.True(run.Probe.Object.AttachedCount > 0);
        Assert.Equal(run.Probe.Skipped.Count, run.Warnings.Count);
        foreach (var section in run.Probe.Skipped)
        {
            string tracepoint = section["tp_btf/".Length..];
            var line = Assert.Single(run.Warnings, w => w.Contains(tracepoint + " is missing"));
            Assert.Contains($"the {source} probe continues without it", line);
            Assert.Matches("are not (measured|counted)|is not measured|not reported|stay in the tx table|no tx-queue wait", line);
        }
        run.Stop();
    }
}
