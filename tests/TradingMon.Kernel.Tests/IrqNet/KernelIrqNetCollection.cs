using Xunit;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>
/// The IRQ, softirq and NIC-queue tests run one at a time: each one counts interrupts or
/// packets on a CPU, and another test's load there would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelIrqNetCollection
{
    public const string Name = "kernel irq/net";
}
