using System.Net;
using TradingMon.Core;
using TradingMon.Kernel.Probes;
using TradingMon.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>
/// Tx-queue latency against a token bucket whose departures are known (DESIGN.md): a veth into a
/// test namespace shaped with tbf, back-to-back bursts of L-byte frames.
/// </summary>
[Collection(KernelIrqNetCollection.Name)]
public class NicQueueTests(ITestOutputHelper output)
{
    private const int Payload = 958; // + 42 header bytes = 1000-byte frames at the qdisc
    private const int Burst = 4000, Limit = 1 << 20;

    [Fact]
    public void Tbf_queue_latency_matches_the_token_bucket_model_on_the_right_queue()
    {
        const long Rate = 10_000_000; // 1000-byte frame = 800 us
        const int Packets = 40;
        using var lab = VethLab.Create("tbf");
        TrafficControl.SetTbf(lab.SenderNamespace, lab.SenderDevice, Rate, Burst, Limit);
        var to = new IPEndPoint(VethLab.ReceiverAddress, 41040);
        using var sink = UdpSink.Start(lab.ReceiverNamespace, to);
        using var sender = UdpSender.Open(lab.SenderNamespace, to, Payload);

        using var run = ProbeRun.Start(ProbeCatalog.Net);
        var burst = SendBurstAfterWarmUp(sender, sink, cpu: 1, Packets);
        Assert.True(sink.WaitFor(Packets + 1, TimeSpan.FromSeconds(5)), "burst not received");
        var lost = run.TxLost();
        var tx = TxEvents(run.Stop(), lab.SenderDevice, burst);

        AssertEveryPacketRecordedOrCounted(Packets, tx.Length, lost);
        Assert.All(tx, e => Assert.Equal(0, e.Net.Queue));
        // ifindex repeats across namespaces: each record names the sender's namespace.
        uint netns = NetworkNamespace.Inode(lab.SenderNamespace);
        Assert.NotEqual(NetNamespace.Own, netns);
        Assert.All(tx, e => Assert.Equal(netns, e.Net.Netns));
        Assert.All(tx, e => Assert.Equal((uint)sender.FrameBytes, e.Net.Len));
        double ratio = MedianWaitRatio(tx, burst.SentNs, new TbfModel(Rate, Burst), sender.FrameBytes);
        Assert.InRange(ratio, 0.98, 1.02);
    }

    [Fact]
    public void Mq_with_a_tbf_per_queue_and_XPS_puts_no_packet_on_the_wrong_queue()
    {
        long[] rates = [10_000_000, 20_000_000];
        const int Packets = 30;
        using var lab = VethLab.Create("mq", txQueues: 2);
        TrafficControl.SetMqTbf(lab.SenderNamespace, lab.SenderDevice, rates, Burst, Limit);
        for (int q = 0; q < 2; q++)
            TrafficControl.PinTxQueueToCpu(lab.SenderNamespace, lab.SenderDevice, queue: q, cpu: q);
        var to = new IPEndPoint(VethLab.ReceiverAddress, 41041);
        using var sink = UdpSink.Start(lab.ReceiverNamespace, to);
        using var sender0 = UdpSender.Open(lab.SenderNamespace, to, Payload);
        using var sender1 = UdpSender.Open(lab.SenderNamespace, to, Payload);

        using var run = ProbeRun.Start(ProbeCatalog.Net);
        // One sender per CPU, at the same time: XPS sends CPU q's packets to tx queue q.
        var bursts = new[] { sender0, sender1 }
            .Select((s, cpu) => Task.Run(() => SendBurstAfterWarmUp(s, sink: null, cpu, Packets)))
            .ToArray();
        // Blocking on purpose (xUnit1031): the probe run was started on this thread and is stopped on it.
#pragma warning disable xUnit1031
        Task.WaitAll(bursts);
        var sent = bursts.Select(t => t.Result).ToArray();
#pragma warning restore xUnit1031
        Assert.True(sink.WaitFor(2 * (Packets + 1), TimeSpan.FromSeconds(5)), "bursts not received");
        var lost = run.TxLost();
        var events = run.Stop();

        var perQueue = sent.Select(b => TxEvents(events, lab.SenderDevice, b)).ToArray();
        AssertEveryPacketRecordedOrCounted(2 * Packets, perQueue.Sum(tx => tx.Length), lost);
        for (int q = 0; q < 2; q++)
        {
            var tx = perQueue[q];
            output.WriteLine($"sender on cpu{q}: {tx.Length} packets, queues {string.Join(',', tx.Select(e => e.Net.Queue).Distinct())}");
            Assert.Equal(0, tx.Count(e => e.Net.Queue != q));
            // Each queue drained at its own rate: the latency shows the packets really waited in queue q's tbf.
            // -20 %/+25 % rather than the single-queue test's 2 %: here two senders on both vCPUs run at once,
            // so a host stall of either (milliseconds, in spells) delays a tbf watchdog and every departure
            // after it, which the bucket cannot catch up (a median of 1.13 was seen once in 8 runs). The
            // queues' rates differ 2x, so this still tells them apart.
            Assert.InRange(MedianWaitRatio(tx, sent[q].SentNs, new TbfModel(rates[q], Burst), sender0.FrameBytes), 0.8, 1.25);
        }
    }

    [Fact]
    public void A_packet_pending_longer_than_the_sweep_bound_is_counted_lost_and_yields_no_record()
    {
        // 1000-byte frames at 1 Mbit/s leave 8 ms apart: the tail of the burst is still in tbf when swept.
        const long Rate = 1_000_000;
        const int Packets = 20;
        using var lab = VethLab.Create("sweep");
        TrafficControl.SetTbf(lab.SenderNamespace, lab.SenderDevice, Rate, Burst, Limit);
        var to = new IPEndPoint(VethLab.ReceiverAddress, 41044);
        using var sink = UdpSink.Start(lab.ReceiverNamespace, to);
        using var sender = UdpSender.Open(lab.SenderNamespace, to, Payload);

        using var run = ProbeRun.Start(ProbeCatalog.Net);
        var burst = SendBurstAfterWarmUp(sender, sink, cpu: 1, Packets);
        Thread.Sleep(20);
        // Only packets still waiting in tbf have a pending entry: 4 fit the bucket, then one leaves per
        // 8 ms, so about 6 have left by now and the rest, queued 20 ms ago, are past the bound.
        run.Probe.SweepStaleTx(TimeSpan.FromMilliseconds(5));
        var swept = run.Probe.CountersTotal();
        Assert.True(sink.WaitFor(Packets + 1, TimeSpan.FromSeconds(5)), "burst not received");
        var tx = TxEvents(run.Stop(), lab.SenderDevice, burst);

        output.WriteLine($"{tx.Length} of {Packets} packets recorded, {swept.StartUnseen} swept while waiting in tbf");
        // The head of the burst left before the sweep; the swept tail is forgotten and leaves without a
        // record. The sweep covers every device, so it may count more than this burst's tail.
        Assert.InRange(tx.Length, 1, Packets - 1);
        Assert.True(swept.StartUnseen >= (ulong)(Packets - tx.Length), $"{Packets - tx.Length} packets have no record, but only {swept.StartUnseen} were swept");
    }

    [Fact]
    public void Received_packets_are_counted_per_device_and_rx_queue()
    {
        const int Packets = 200;
        using var lab = VethLab.Create("rx");
        var to = new IPEndPoint(VethLab.ReceiverAddress, 41042);
        using var sink = UdpSink.Start(lab.ReceiverNamespace, to);
        using var sender = UdpSender.Open(lab.SenderNamespace, to, 100);
        using var run = ProbeRun.Start(ProbeCatalog.Net);
        PinnedThread.Run(1, () => { for (int i = 0; i < Packets; i++) sender.Send(); });
        Assert.True(sink.WaitFor(Packets, TimeSpan.FromSeconds(5)));
        var rx = run.RxQueues().Where(r => r.Stats.Dev.ToString() == lab.ReceiverDevice).ToArray();
        run.Stop();

        // veth without GRO records no rx queue: packets go through the per-CPU backlog.
        var entry = Assert.Single(rx);
        Assert.Equal(RxQueue.None, entry.Key.Queue);
        Assert.Equal((ulong)Packets, entry.Stats.Packets);
        Assert.Equal((ulong)(Packets * (100 + 28)), entry.Stats.Bytes); // skb->len at receive: IP + UDP + payload
    }

    [Fact]
    public void Napi_polls_of_a_veth_with_its_own_NAPI_are_counted_with_their_work()
    {
        const int Packets = 300;
        using var lab = VethLab.Create("napi");
        var dir = Directory.CreateTempSubdirectory("tmn-xdp");
        TestBpfPrograms.AttachXdpPass(lab.ReceiverNamespace, lab.ReceiverDevice, dir.FullName);
        dir.Delete(recursive: true);
        var to = new IPEndPoint(VethLab.ReceiverAddress, 41043);
        using var sink = UdpSink.Start(lab.ReceiverNamespace, to);
        using var sender = UdpSender.Open(lab.SenderNamespace, to, 100);
        using var run = ProbeRun.Start(ProbeCatalog.Net);
        PinnedThread.Run(1, () => { for (int i = 0; i < Packets; i++) sender.Send(); });
        Assert.True(sink.WaitFor(Packets, TimeSpan.FromSeconds(5)));
        var napi = run.NapiStats().Where(n => n.Stats.Dev.ToString() == lab.ReceiverDevice).ToArray();
        run.Stop();

        var entry = Assert.Single(napi);
        Assert.NotEqual(0u, entry.Key.NapiId);
        Assert.Equal((ulong)Packets, entry.Stats.Work); // one packet of work each, nothing else on this veth
        Assert.InRange(entry.Stats.Polls, 1UL, (ulong)Packets);
        output.WriteLine($"{lab.ReceiverDevice} napi {entry.Key.NapiId}: {entry.Stats.Polls} polls, {entry.Stats.Work} packets, {entry.Stats.Exhausted} budget exhausted");
    }

    /// <summary>A burst as sent: the sending thread's tid (the records' pid) and CLOCK_MONOTONIC before each send.</summary>
    private sealed record SentBurst(int Tid, long[] SentNs);

    /// <summary>
    /// Sends one packet (JIT, first-use costs) and waits until the bucket is full again, then the
    /// measured burst back to back.
    /// </summary>
    private static SentBurst SendBurstAfterWarmUp(UdpSender sender, UdpSink? sink, int cpu, int packets) =>
        PinnedThread.Run(cpu, () =>
        {
            sender.SendBurst(1);
            sink?.WaitFor(1, TimeSpan.FromSeconds(2));
            Thread.Sleep(50); // refills any bucket used here (4000 bytes at 10 Mbit/s: 3.2 ms)
            var sentNs = sender.SendBurst(packets);
            return new SentBurst(LinuxThread.CurrentTid(), sentNs);
        });

    private static long EnqueueNs(KernelEvent e) => (long)(e.TsNs - e.AuxNs - e.ValueNs);

    /// <summary>The burst's records, in order of enqueue; the warm-up packet, queued before the burst, is left out.</summary>
    private static KernelEvent[] TxEvents(KernelEvent[] events, string device, SentBurst burst) =>
        events.Where(e => e.Kind == EventKind.NetTx && e.Net.Dev.ToString() == device && e.Pid == burst.Tid && EnqueueNs(e) >= burst.SentNs[0])
              .OrderBy(EnqueueNs)
              .ToArray();

    /// <summary>
    /// Nothing silent: a packet sent without a record must be one the kernel counted lost during the run
    /// (the count covers every device, so it may exceed the test's own losses).
    /// </summary>
    private void AssertEveryPacketRecordedOrCounted(int sent, int recorded, ProbeCounters kernel)
    {
        output.WriteLine($"{recorded} of {sent} packets recorded; the kernel counted {kernel.Lost} tracked packets lost during the run " +
                         $"(start unseen {kernel.StartUnseen}, end unseen {kernel.EndUnseen}, no storage {kernel.NoStorage})");
        Assert.True((ulong)(sent - recorded) <= kernel.Lost, $"{sent - recorded} of {sent} packets have no record, but the kernel counted only {kernel.Lost} lost");
    }

    /// <summary>
    /// Median of measured / model qdisc wait over the packets the bucket made wait (model wait ≥
    /// half a frame time), with the model run on the kernel's own enqueue times. A packet counted
    /// lost still took its turn in the bucket: its user-space send time stands in for its enqueue.
    /// </summary>
    private double MedianWaitRatio(KernelEvent[] tx, long[] sentNs, TbfModel model, int frameBytes)
    {
        var enqueue = (long[])sentNs.Clone();
        var index = new int[tx.Length];
        for (int i = 0; i < tx.Length; i++)
        {
            // The packet sent last at or before this enqueue time.
            int k = Array.BinarySearch(sentNs, EnqueueNs(tx[i]));
            index[i] = k >= 0 ? k : ~k - 1;
            enqueue[index[i]] = EnqueueNs(tx[i]);
        }
        var departures = model.Departures(enqueue, frameBytes);
        long frameTime = model.DepartureNs(model.BurstBytes / frameBytes, frameBytes);
        var ratios = new List<double>();
        for (int i = 0; i < tx.Length; i++)
        {
            long expected = departures[index[i]] - enqueue[index[i]];
            if (expected >= frameTime / 2) ratios.Add((double)tx[i].ValueNs / expected);
        }
        ratios.Sort();
        double median = ratios[ratios.Count / 2];
        output.WriteLine($"{model.RateBitsPerSecond / 1e6} Mbit/s: {ratios.Count} shaped packets, measured/model wait median {median:F4}, " +
                         $"min {ratios[0]:F4}, max {ratios[^1]:F4}");
        return median;
    }
}
