namespace TradingMon.Kernel;

/// <summary>How a ring reader waits when every ring is empty.</summary>
public enum ReaderWaitStrategy
{
    /// <summary>
    /// Sleep in epoll on the rings, woken by the kernel only for alert-worthy records or a filling
    /// ring (see tm_wakeup_min_ns / tm_wakeup_bytes), else after the poll interval. The default:
    /// takes no core from the trading workload.
    /// </summary>
    Epoll,
    /// <summary>Spin with Thread.Yield: low latency, gives the CPU to any runnable thread.</summary>
    Yield,
    /// <summary>Spin without yielding: for a dedicated housekeeping core only.</summary>
    BusySpin,
}
