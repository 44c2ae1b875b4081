using TradingMon.Core;
using TradingMon.Workloads;
using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

[Collection(KernelIrqNetCollection.Name)]
public class VethLabTests
{
    [Fact]
    public void Namespaces_and_devices_are_removed_on_dispose()
    {
        using (var lab = VethLab.Create("t0"))
        {
            Assert.True(NetworkNamespace.Exists(lab.SenderNamespace));
            Assert.Contains(lab.ReceiverDevice, NetworkNamespace.Exec(lab.ReceiverNamespace, "ip", "-br", "link"));
        }
        Assert.False(NetworkNamespace.Exists("tmnt0-s"));
        Assert.False(NetworkNamespace.Exists("tmnt0-r"));
    }

    [Fact]
    public void A_failed_create_leaves_nothing_behind()
    {
        // 0 tx queues: ip refuses the veth after both namespaces were made.
        var e = Assert.Throws<TradingMonException>(() => VethLab.Create("t1", txQueues: 0));
        Assert.Contains("ip", e.Message);
        Assert.False(NetworkNamespace.Exists("tmnt1-s"));
        Assert.False(NetworkNamespace.Exists("tmnt1-r"));
    }
}
