using System.Globalization;
using Microsoft.Extensions.Configuration;
using TradingMon.Cli.Commands;
using TradingMon.Core;
using TradingMon.Kernel;
using TradingMon.Kernel.Probes;
using TradingMon.Ring;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// Everything <c>tradingmon monitor</c> is configured with, read from the layered configuration
/// (built-in defaults → configs/tradingmon.json or --config → TRADINGMON_* environment → command line;
/// configs/README.md documents every key). Every key and value is checked here, before anything
/// touches the kernel: an unknown key or a bad value is a <see cref="TradingMonException"/> naming
/// where it came from, the key, the value and what is allowed.
/// </summary>
public sealed record MonitorSettings
{
    public const string DefaultChannel = "aeron:udp?endpoint=127.0.0.1:40124";
    public const int DefaultStream = 1001;

    /// <summary>Every key a configuration layer may set, with what it takes (for error messages).</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["rules"] = "a rule file path (relative paths: to the config file's folder)",
        ["duration"] = "a duration such as 30s or 5m; empty = until SIGINT/SIGTERM",
        ["tui"] = "auto (the live view when stdout is a terminal), true or false",
        ["report"] = "the period of the printed report, e.g. 5s; 0s = no periodic report",
        ["jsonSummary"] = "a file path for the JSON summary written at exit; empty = none",
        ["hlogDir"] = "a directory for .hlog interval histograms written at exit; empty = none",
        ["alerts:channel"] = $"an Aeron UDP channel such as {DefaultChannel}",
        ["alerts:stream"] = "an Aeron stream id (integer)",
        ["cpus"] = "a CPU list such as 0-1 or 1,3; empty = all",
        ["readerCpu"] = "the CPU to pin the ring reader to; empty = not pinned",
        ["readerWait"] = "epoll, yield or busyspin",
        ["latencyMode"] = "default or low (reader and ring consumer poll and yield instead of sleeping: lower alert latency, two threads at 100 % CPU)",
        ["sources"] = $"probe sources, comma-separated: {string.Join(',', ProbeCatalog.All.Select(s => s.Name))}",
        ["kernelRingBytes"] = "each BPF ring buffer's size in bytes: a power of two, at least 4096",
        ["minLatency"] = "intervals under this are only counted in the kernel, e.g. 0ns (stream all) or 10us",
        ["ringSize"] = "Disruptor ring slots: a power of two",
        ["ringWait"] = $"ring consumer wait strategy: {string.Join(", ", WaitStrategies.Names)}",
        ["interval"] = "interval histogram length, e.g. 1s",
    };

    public required string RulesPath { get; init; }
    public TimeSpan? Duration { get; init; }
    /// <summary>The live terminal view instead of the plain-text report; null = auto (config "auto"), which
    /// <see cref="Commands.MonitorCommand"/> resolves against the terminal before the service starts.</summary>
    public bool? Tui { get; init; }
    public TimeSpan ReportEvery { get; init; }
    public string? JsonSummary { get; init; }
    public string? HlogDir { get; init; }
    public required string AlertChannel { get; init; }
    public int AlertStream { get; init; }
    public IReadOnlyList<int>? Cpus { get; init; }
    public int? ReaderCpu { get; init; }
    public ReaderWaitStrategy ReaderWait { get; init; }
    /// <summary>The low-latency alert path (<see cref="Engine.EngineOptions.WithLowLatency"/>); overrides readerWait and ringWait.</summary>
    public bool LowLatency { get; init; }
    public required IReadOnlyList<ProbeSource> Sources { get; init; }
    public uint KernelRingBytes { get; init; }
    public ulong MinLatencyNs { get; init; }
    public int RingSize { get; init; }
    public required string RingWait { get; init; }
    public TimeSpan Interval { get; init; }

    /// <summary>Built-in defaults: the lowest layer, enough to run on a fresh machine with no file at all.</summary>
    public static Dictionary<string, string?> Defaults(string rulesPath) => new()
    {
        ["rules"] = rulesPath,
        ["tui"] = "auto",
        ["report"] = "5s",
        ["alerts:channel"] = DefaultChannel,
        ["alerts:stream"] = DefaultStream.ToString(CultureInfo.InvariantCulture),
        ["readerWait"] = "epoll",
        ["latencyMode"] = "default",
        ["sources"] = string.Join(',', ProbeCatalog.All.Select(s => s.Name)),
        ["kernelRingBytes"] = (4 << 20).ToString(CultureInfo.InvariantCulture),
        ["minLatency"] = "0ns",
        // 256 Ki slots (23 MiB): ~0.4 s of a 600 k events/s storm while the consumer is preempted on a busy host.
        ["ringSize"] = (1 << 18).ToString(CultureInfo.InvariantCulture),
        ["ringWait"] = WaitStrategies.Default,
        ["interval"] = "1s",
    };

    /// <summary>Reads and checks every key of the merged configuration.</summary>
    /// <param name="configDir">Folder of the config file (relative rule paths resolve against it).</param>
    /// <param name="describe">Names a configuration layer for error messages ("config file /etc/tm.json").</param>
    public static MonitorSettings From(IConfigurationRoot config, string configDir, Func<IConfigurationProvider, string> describe)
    {
        RejectUnknownKeys(config, describe);
        var r = new Reader(config, describe);
        var settings = new MonitorSettings
        {
            RulesPath = Path.GetFullPath(r.Required("rules"), configDir),
            Duration = r.Optional("duration") is { } d ? r.Parse("duration", d, t => DurationText.Parse(t, "duration")) : null,
            Tui = r.Parse("tui", r.Required("tui"), t => t.Equals("auto", StringComparison.OrdinalIgnoreCase) ? (bool?)null : bool.Parse(t)),
            ReportEvery = r.Parse("report", r.Required("report"), t => DurationText.Parse(t, "report")),
            JsonSummary = r.Optional("jsonSummary") is { } j ? Path.GetFullPath(j) : null,
            HlogDir = r.Optional("hlogDir") is { } h ? Path.GetFullPath(h) : null,
            AlertChannel = r.Required("alerts:channel"),
            AlertStream = r.Parse("alerts:stream", r.Required("alerts:stream"), t => int.Parse(t, CultureInfo.InvariantCulture)),
            Cpus = r.Optional("cpus") is { } c ? r.Parse("cpus", c, t => CpuList.Parse(t, "cpus")) : null,
            ReaderCpu = r.Optional("readerCpu") is { } rc ? r.Parse("readerCpu", rc, ParseCpu) : null,
            ReaderWait = r.Parse("readerWait", r.Required("readerWait"), ParseReaderWait),
            LowLatency = r.Parse("latencyMode", r.Required("latencyMode"), t => t.ToLowerInvariant() switch { "default" => false, "low" => true, _ => throw new FormatException() }),
            Sources = r.Parse("sources", r.Required("sources"), t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ProbeCatalog.ByName).ToArray()),
            KernelRingBytes = r.Parse("kernelRingBytes", r.Required("kernelRingBytes"), t => ParsePowerOfTwo(t, 4096)),
            MinLatencyNs = r.Parse("minLatency", r.Required("minLatency"), t => (ulong)(DurationText.Parse(t, "minLatency").Ticks * 100)),
            RingSize = r.Parse("ringSize", r.Required("ringSize"), t => (int)ParsePowerOfTwo(t, 2)),
            RingWait = r.Parse("ringWait", r.Required("ringWait"), t => WaitStrategies.Names.Contains(t) ? t : throw new FormatException()),
            Interval = r.Parse("interval", r.Required("interval"), t => DurationText.Parse(t, "interval")),
        };
        if (settings.Sources.Count == 0) throw r.Bad("sources", "");
        if (settings.Interval <= TimeSpan.Zero) throw r.Bad("interval", r.Required("interval"));
        if (settings.Duration is { } dur && dur <= TimeSpan.Zero) throw r.Bad("duration", r.Optional("duration")!);
        return settings;
    }

    private static int ParseCpu(string text)
    {
        int cpu = int.Parse(text, CultureInfo.InvariantCulture);
        if (cpu < 0 || cpu >= Environment.ProcessorCount)
            throw new TradingMonException($"readerCpu: CPU {cpu} does not exist: this machine has CPUs 0-{Environment.ProcessorCount - 1}");
        return cpu;
    }

    private static ReaderWaitStrategy ParseReaderWait(string text) => text.ToLowerInvariant() switch
    {
        "epoll" => ReaderWaitStrategy.Epoll,
        "yield" => ReaderWaitStrategy.Yield,
        "busyspin" or "busy-spin" => ReaderWaitStrategy.BusySpin,
        _ => throw new FormatException(),
    };

    private static uint ParsePowerOfTwo(string text, uint min)
    {
        uint v = uint.Parse(text, CultureInfo.InvariantCulture);
        return v >= min && (v & (v - 1)) == 0 ? v : throw new FormatException();
    }

    private static void RejectUnknownKeys(IConfigurationRoot config, Func<IConfigurationProvider, string> describe)
    {
        foreach (var provider in config.Providers)
        {
            foreach (string key in LeafKeys(provider, null))
            {
                if (!Keys.ContainsKey(key))
                    throw new TradingMonException($"{describe(provider)}: unknown key '{key}'; allowed keys: {string.Join(", ", Keys.Keys)} (see configs/README.md)");
            }
        }
    }

    private static IEnumerable<string> LeafKeys(IConfigurationProvider provider, string? parent)
    {
        foreach (string child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string path = parent is null ? child : $"{parent}:{child}";
            var grandChildren = provider.GetChildKeys([], path).ToArray();
            if (grandChildren.Length == 0) yield return path;
            else foreach (var k in LeafKeys(provider, path)) yield return k;
        }
    }

    /// <summary>Turns parse failures into one line naming the layer, key, value and what is allowed.</summary>
    private sealed class Reader(IConfigurationRoot config, Func<IConfigurationProvider, string> describe)
    {
        public string? Optional(string key) => config[key] is { Length: > 0 } v ? v.Trim() : null;
        public string Required(string key) => Optional(key) ?? throw Bad(key, "");

        public T Parse<T>(string key, string value, Func<string, T> parse)
        {
            try
            {
                return parse(value);
            }
            catch (Exception e) when (e is FormatException or OverflowException or TradingMonException or ArgumentException)
            {
                // Our own parsers say precisely what is wrong ("CPU 64 does not exist: ..."): keep that.
                throw Bad(key, value, e is TradingMonException ? e.Message : null);
            }
        }

        public TradingMonException Bad(string key, string value, string? reason = null)
        {
            string layer = "built-in defaults";
            foreach (var p in config.Providers.Reverse())
            {
                if (p.TryGet(key, out _)) { layer = describe(p); break; }
            }
            string why = reason is null ? "" : $" ({reason})";
            return new TradingMonException($"{layer}: key '{key}' has invalid value '{value}'{why}; allowed: {Keys[key]}");
        }
    }
}
