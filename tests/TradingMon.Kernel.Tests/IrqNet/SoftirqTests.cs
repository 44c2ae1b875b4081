using System.Net;
using TradingMon.Core;
using TradingMon.Kernel.Probes;
using TradingMon.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.IrqNet;

[Collection(KernelIrqNetCollection.Name)]
public class SoftirqTests(ITestOutputHelper output)
{
    private const int SenderCpu = 1;

    [Fact]
    public void Loopback_traffic_yields_NET_RX_durations_and_raise_latencies()
    {
        const int Packets = 2000;
        using var run = ProbeRun.Start(ProbeCatalog.Softirq);
        long t0 = LinuxThread.MonotonicNs();
        long received = LoopbackTraffic.Run(SenderCpu, port: 41030, Packets);
        long t1 = LinuxThread.MonotonicNs();
        var netRx = run.Stop()
            .Where(e => e.Kind == EventKind.Softirq && e.Softirq.Vec == SoftirqVector.NET_RX && e.Cpu == SenderCpu
                        && (long)e.TsNs >= t0 && (long)e.TsNs <= t1)
            .ToList();

        output.WriteLine($"{received}/{Packets} packets over lo -> {netRx.Count} NET_RX on cpu{SenderCpu}; " +
                         $"duration median {Median(netRx.Select(e => e.ValueNs))} ns, raise latency median {Median(netRx.Select(e => e.AuxNs))} ns");
        Assert.Equal(Packets, received);
        // lo queues each packet on the sending CPU's backlog: NET_RX runs there, at the latest once per
        // 64-packet batch of the sender (usually once per packet, when the send re-enables BHs).
        Assert.True(netRx.Count >= Packets / 64, $"only {netRx.Count} NET_RX");
        Assert.All(netRx, e => Assert.InRange(e.ValueNs, 1UL, 100_000_000UL));
        // The raise was seen for (nearly) all of them: a latency of 0 means "raise not seen".
        Assert.True(netRx.Count(e => e.AuxNs > 0) >= netRx.Count * 0.95, "raise -> entry latency missing");
    }

    /// <summary>
    /// Ground truth for softirq duration (DESIGN.md): a tc ingress classifier that busy-waits D per
    /// packet to one port puts exactly D into one NET_RX per packet. Packets are sent one at a time
    /// (the next after the previous arrived) so each gets its own softirq; packets to another port
    /// first measure the same path without the spin.
    /// </summary>
    [Fact]
    public void Classifier_spinning_D_per_packet_yields_one_NET_RX_of_at_least_D_per_packet()
    {
        const long D = 200_000;
        const int SpinPort = 41020, PlainPort = 41021, Packets = 30;
        using var lab = VethLab.Create("spin");
        var dir = Directory.CreateTempSubdirectory("tmn-spin");
        TestBpfPrograms.AttachUdpSpin(lab.ReceiverNamespace, lab.ReceiverDevice, TestBpfPrograms.CompileUdpSpin(D, SpinPort, dir.FullName));
        dir.Delete(recursive: true); // tc has loaded it
        var plainTo = new IPEndPoint(VethLab.ReceiverAddress, PlainPort);
        var spinTo = new IPEndPoint(VethLab.ReceiverAddress, SpinPort);

        using var run = ProbeRun.Start(ProbeCatalog.Softirq, ProbeCatalog.Irq);
        (long Sent, long Received)[] plain, spin;
        using (var plainSink = UdpSink.Start(lab.ReceiverNamespace, plainTo))
        using (var spinSink = UdpSink.Start(lab.ReceiverNamespace, spinTo))
        using (var plainSender = UdpSender.Open(lab.SenderNamespace, plainTo, 100))
        using (var spinSender = UdpSender.Open(lab.SenderNamespace, spinTo, 100))
        {
            plain = SendOneByOne(plainSender, plainSink, Packets);
            spin = SendOneByOne(spinSender, spinSink, Packets);
        }
        var events = run.Stop();
        var hardIrqs = events.Where(e => e.Kind is EventKind.HardIrq or EventKind.IrqVector && e.Cpu == SenderCpu).ToArray();
        var netRx = events.Where(e => e.Kind == EventKind.Softirq && e.Softirq.Vec == SoftirqVector.NET_RX && e.Cpu == SenderCpu).ToArray();

        // The no-spin cost: the longest NET_RX while a plain packet was in flight (the first one warms the
        // path up), without the hard IRQs that interrupted it (the irq probe's events on the same CPU).
        long noSpin = plain.Skip(1).Select(w => InWindow(netRx, w).Select(e => (long)e.ValueNs - NestedIrqNs(e, hardIrqs)).DefaultIfEmpty(0).Max()).Max();
        var perPacket = spin.Select(w => InWindow(netRx, w).Where(e => (long)e.ValueNs >= D).ToArray()).ToArray();
        long spinStart = spin[0].Sent, spinEnd = spin[^1].Received;
        int allAtLeastD = netRx.Count(e => (long)e.ValueNs >= D && (long)e.TsNs >= spinStart && (long)e.TsNs <= spinEnd);
        output.WriteLine($"no-spin NET_RX max {noSpin} ns; spin packets: {Packets}, NET_RX >= D: {allAtLeastD}, " +
                         $"durations {string.Join(' ', perPacket.SelectMany(p => p).Select(e => e.ValueNs / 1000))} us");

        Assert.Equal(Packets, allAtLeastD);
        // Above D + the no-spin cost only by the hard IRQs that interrupted this softirq (the spin
        // itself runs to a deadline, so IRQs inside it cost nothing), plus 50 us for what no probe
        // sees: the hypervisor taking the vCPU (30+ us seen here at load average 36 on 2 vCPUs).
        // A vCPU preempted by the hypervisor inside the spin stretches it by the steal alone, which
        // no probe sees; on a shared 2-vCPU VM that happens to a few packets. So: every packet is one
        // NET_RX of at least D, and nine in ten stay within the tight bound. The few others are only
        // held below D + 200 ms: the host's stalls here reach tens of milliseconds in a bad spell
        // (cyclictest: maxima of 85 ms), and the loose bound is only there to catch a broken clock.
        const long Unseen = 50_000;
        int tight = 0;
        Assert.All(perPacket, p =>
        {
            var e = Assert.Single(p);
            Assert.InRange((long)e.ValueNs, D, D + 200_000_000);
            if ((long)e.ValueNs <= D + noSpin + NestedIrqNs(e, hardIrqs) + Unseen) tight++;
        });
        output.WriteLine($"within D + no-spin cost + nested IRQs + 50 us: {tight}/{Packets}");
        Assert.True(tight * 10 >= Packets * 9, $"only {tight}/{Packets} spun softirqs within D + no-spin cost + nested IRQs + 50 us");
    }

    /// <summary>Handler time of the hard IRQs and system vectors that ran inside <paramref name="softirq"/>.</summary>
    private static long NestedIrqNs(in KernelEvent softirq, KernelEvent[] hardIrqs)
    {
        ulong start = softirq.TsNs - softirq.ValueNs, nested = 0;
        foreach (var h in hardIrqs)
        {
            if (h.TsNs - h.ValueNs >= start && h.TsNs <= softirq.TsNs) nested += h.ValueNs;
        }
        return (long)nested;
    }

    private static (long Sent, long Received)[] SendOneByOne(UdpSender sender, UdpSink sink, int packets) =>
        PinnedThread.Run(SenderCpu, () =>
        {
            var windows = new (long, long)[packets];
            for (int i = 0; i < packets; i++)
            {
                long sent = LinuxThread.MonotonicNs();
                sender.Send();
                Assert.True(sink.WaitFor(i + 1, TimeSpan.FromSeconds(2)), $"packet {i} not received");
                windows[i] = (sent, LinuxThread.MonotonicNs());
            }
            return windows;
        });

    /// <summary>NET_RX that ran entirely between a packet's send and its arrival at the receiving socket.</summary>
    private static IEnumerable<KernelEvent> InWindow(KernelEvent[] netRx, (long Sent, long Received) w) =>
        netRx.Where(e => (long)(e.TsNs - e.ValueNs) >= w.Sent && (long)e.TsNs <= w.Received);

    private static ulong Median(IEnumerable<ulong> values)
    {
        var a = values.Order().ToArray();
        return a.Length == 0 ? 0 : a[a.Length / 2];
    }
}
