namespace TradingMon.Actors.Keys;

/// <summary>The kernel source a key belongs to; one supervisor actor per source.</summary>
public enum Source : byte
{
    Scheduler = 0,
    HardIrq = 1,
    Softirq = 2,
    NicQueue = 3,
}

/// <summary>What a key is made of, so a rule selector knows which of its parts to test.</summary>
public enum KeyScope : byte
{
    /// <summary>cpu1</summary>
    Cpu,
    /// <summary>cpu0/virtio0-input.0, cpu1/local_timer</summary>
    CpuIrq,
    /// <summary>cpu1/NET_RX</summary>
    CpuSoftirq,
    /// <summary>eth0/tx0</summary>
    DeviceQueue,
    /// <summary>comm/&lt;regex&gt;: every event of the tasks whose comm matches a watched regex.</summary>
    Task,
    /// <summary>cgroup/&lt;path&gt;: every event of the threads in a watched cgroup.</summary>
    Cgroup,
}
