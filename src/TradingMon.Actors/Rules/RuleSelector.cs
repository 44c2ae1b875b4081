using System.Text.RegularExpressions;
using TradingMon.Actors.Keys;

namespace TradingMon.Actors.Rules;

/// <summary>
/// Which keys a rule applies to. Null parts match everything. A rule with a task (comm regex) or
/// cgroup selector applies to that watched key only; any other rule applies to the per-CPU,
/// per-IRQ, per-vector and per-queue keys. Tested once per key, when the key first appears.
/// </summary>
public sealed record RuleSelector
{
    public static readonly RuleSelector Any = new();

    public IReadOnlySet<int>? Cpus { get; init; }
    /// <summary>IRQ names (device action or system vector), '*' and '?' wildcards.</summary>
    public IReadOnlyList<string>? Irqs { get; init; }
    /// <summary>Softirq vector names (NET_RX, TIMER, ...).</summary>
    public IReadOnlyList<string>? Vectors { get; init; }
    /// <summary>Devices (eth0) or device tx queues (eth0/tx0).</summary>
    public IReadOnlyList<string>? Queues { get; init; }
    /// <summary>Task comm regex: the rule applies to the watched key comm/&lt;regex&gt;.</summary>
    public string? Comm { get; init; }
    /// <summary>Cgroup path relative to /sys/fs/cgroup (v2: "trading.slice"; v1: "cpuset/trading"): the rule applies to the watched key cgroup/&lt;path&gt;.</summary>
    public string? Cgroup { get; init; }

    public bool Matches(KeySeries key)
    {
        if (Comm is not null) return key.Scope == KeyScope.Task && key.Detail == Comm;
        if (Cgroup is not null) return key.Scope == KeyScope.Cgroup && key.Detail == Cgroup;
        if (key.Scope is KeyScope.Task or KeyScope.Cgroup) return false;
        if (Cpus is not null && (key.Cpu < 0 || !Cpus.Contains(key.Cpu))) return false;
        if (Irqs is not null && !(key.Scope == KeyScope.CpuIrq && Irqs.Any(p => Glob(p, key.Detail)))) return false;
        if (Vectors is not null && !(key.Scope == KeyScope.CpuSoftirq && Vectors.Any(v => string.Equals(v, key.Detail, StringComparison.OrdinalIgnoreCase)))) return false;
        if (Queues is not null && !(key.Scope == KeyScope.DeviceQueue && Queues.Any(q => q == key.Detail || q == key.Name))) return false;
        return true;
    }

    /// <summary>Shell-style wildcard match ('*' any run, '?' one character), whole name.</summary>
    public static bool Glob(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");
}
