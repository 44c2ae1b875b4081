namespace TradingMon.Core;

/// <summary>
/// What a latency figure measures. The wire names (<see cref="MetricNames"/>) are the ones in the JSON
/// summary, rule files, .hlog tags and perf-lab scenarios.
/// </summary>
public enum Metric : byte
{
    /// <summary>sched.runq: woken (or preempted) to running, per CPU.</summary>
    RunqLatency = 1,
    /// <summary>irq.duration: hard IRQ handler time (device IRQs and system vectors), per CPU and IRQ.</summary>
    IrqDuration = 2,
    /// <summary>softirq.duration: softirq entry to exit, per CPU and vector.</summary>
    SoftirqDuration = 3,
    /// <summary>softirq.latency: softirq raise to entry, per CPU and vector.</summary>
    SoftirqLatency = 4,
    /// <summary>net.txq.latency: net_dev_queue to start_xmit (qdisc wait), per device and tx queue.</summary>
    NetTxqLatency = 5,
    /// <summary>net.tx.driver: start_xmit to xmit (driver time), per device and tx queue.</summary>
    NetTxDriver = 6,
}

public static class MetricNames
{
    public static string Name(this Metric m) => m switch
    {
        Metric.RunqLatency => "sched.runq",
        Metric.IrqDuration => "irq.duration",
        Metric.SoftirqDuration => "softirq.duration",
        Metric.SoftirqLatency => "softirq.latency",
        Metric.NetTxqLatency => "net.txq.latency",
        Metric.NetTxDriver => "net.tx.driver",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "unknown metric"),
    };

    public static bool TryParse(string name, out Metric metric)
    {
        foreach (var m in Enum.GetValues<Metric>())
        {
            if (m.Name() == name) { metric = m; return true; }
        }
        metric = default;
        return false;
    }
}
