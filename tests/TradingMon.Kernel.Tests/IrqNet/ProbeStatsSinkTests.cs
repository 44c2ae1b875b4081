using TradingMon.Cli.Commands;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

public class ProbeStatsSinkTests
{
    [Fact]
    public void A_napi_record_is_counted_not_recorded_as_a_latency()
    {
        var sink = new ProbeStatsSink(cpus: 2);
        var napi = new KernelEvent { Kind = EventKind.NapiPoll, Cpu = 1, ValueNs = 0 };
        napi.Napi.Work = 64;
        napi.Napi.Budget = 64;
        Assert.True(sink.TryPublish(napi));
        Assert.True(sink.TryPublish(napi));
        var tx = new KernelEvent { Kind = EventKind.NetTx, Cpu = 1, ValueNs = 800_000 };
        Assert.True(sink.TryPublish(tx));

        int net = Array.IndexOf(ProbeStatsSink.SourceNames, "net");
        var h = sink.TakeInterval(net, 1);
        Assert.Equal(1, h.TotalCount); // the tx wait only
        Assert.True(h.GetValueAtPercentile(0) >= 799_000, "no 1 ns NAPI entries in the latency histogram");
        Assert.Equal(2, sink.NapiBudgetExhausted(1));
        Assert.Equal(0, sink.NapiBudgetExhausted(0));
    }
}
