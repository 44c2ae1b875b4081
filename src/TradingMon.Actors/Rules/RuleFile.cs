using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TradingMon.Core;

namespace TradingMon.Actors.Rules;

/// <summary>
/// Loads and validates a rule file (default <c>configs/rules.json</c>). Every problem is a
/// <see cref="TradingMonException"/> naming the file, the rule and the field, with the fix.
/// </summary>
/// <example>
/// { "rules": [ { "id": "runq-isolated", "metric": "sched.runq", "select": { "cpus": "isolated" },
///   "statistic": "value", "threshold": "50us", "cooldown": "0s", "max_alerts_per_second": 10,
///   "severity": "critical", "requires": "isolated-cpus" } ] }
/// </example>
public static class RuleFile
{
    private static readonly HashSet<string> RuleFields =
        ["id", "description", "metric", "select", "statistic", "threshold", "window", "for", "cooldown", "max_alerts_per_second", "severity", "requires"];
    private static readonly HashSet<string> SelectFields = ["cpus", "irqs", "vectors", "queues", "comm", "cgroup"];

    public static RuleSet Load(string path, SystemInventory inventory, MonitorOptions options)
    {
        if (!File.Exists(path)) throw new TradingMonException($"rule file {path} does not exist; pass an existing file (the default is configs/rules.json)");
        return Parse(File.ReadAllText(path), path, inventory, options);
    }

    public static RuleSet Parse(string json, string fileName, SystemInventory inventory, MonitorOptions options)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TradingMonException($"{fileName}: not valid JSON ({e.Message}); fix the syntax", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array)
                throw new TradingMonException($"{fileName}: expected an object with a \"rules\" array");
            var rules = new List<AlertRule>();
            var skipped = new List<string>();
            int index = 0;
            foreach (var element in rulesElement.EnumerateArray())
            {
                var parser = new RuleParser(fileName, index++, element, inventory, options);
                var rule = parser.Parse(out string? skipReason);
                if (rule is null) skipped.Add(skipReason!);
                else if (rules.Any(r => r.Id == rule.Id)) throw parser.Error("id", $"duplicate id '{rule.Id}'", "give every rule its own id");
                else rules.Add(rule);
            }
            return new RuleSet(rules, skipped);
        }
    }

    /// <summary>Parses one rule; keeps the context every error message needs.</summary>
    private sealed class RuleParser(string file, int index, JsonElement rule, SystemInventory inventory, MonitorOptions options)
    {
        private string _id = $"#{index + 1}";

        public TradingMonException Error(string field, string problem, string fix) =>
            new($"{file}: rule '{_id}', field '{field}': {problem}; {fix}");

        public AlertRule? Parse(out string? skipReason)
        {
            skipReason = null;
            if (rule.ValueKind != JsonValueKind.Object) throw Error("(rule)", "not a JSON object", "write each rule as { \"id\": ..., \"metric\": ... }");
            _id = RequiredString("id");
            foreach (var p in rule.EnumerateObject())
                if (!RuleFields.Contains(p.Name)) throw Error(p.Name, "unknown field", $"use one of: {string.Join(", ", RuleFields)}");

            if (OptionalString("requires") is { } requires)
            {
                bool isolated = inventory.IsolatedCpus.Count > 0;
                bool met = requires switch
                {
                    "isolated-cpus" => isolated,
                    "no-isolated-cpus" => !isolated,
                    _ => throw Error("requires", $"unknown condition '{requires}'", "use \"isolated-cpus\" or \"no-isolated-cpus\""),
                };
                if (!met)
                {
                    skipReason = $"{file}: rule '{_id}' skipped: requires {requires}";
                    return null;
                }
            }

            string metricName = RequiredString("metric");
            if (!MetricNames.TryParse(metricName, out var metric))
                throw Error("metric", $"unknown metric '{metricName}'", $"use one of: {string.Join(", ", Enum.GetValues<Metric>().Select(m => m.Name()))}");

            var (statistic, percentile) = ParseStatistic(OptionalString("statistic") ?? "value");
            long threshold = ParseThreshold(statistic);
            var window = Duration("window") ?? options.Interval;
            var sustain = Duration("for") ?? TimeSpan.Zero;
            var cooldown = Duration("cooldown") ?? TimeSpan.Zero;
            if (statistic == Statistic.Value)
            {
                if (rule.TryGetProperty("window", out _)) throw Error("window", "a per-event (statistic \"value\") rule has no window", "remove \"window\" or choose a windowed statistic (max, mean, pNN, count, rate)");
                if (sustain > TimeSpan.Zero) throw Error("for", "a per-event (statistic \"value\") rule cannot be sustained", "remove \"for\" or choose a windowed statistic (max, mean, pNN, count, rate)");
            }
            else ValidateWindow(window);

            int maxPerSecond = 10;
            if (rule.TryGetProperty("max_alerts_per_second", out var m))
            {
                if (m.ValueKind != JsonValueKind.Number || !m.TryGetInt32(out maxPerSecond) || maxPerSecond < 1)
                    throw Error("max_alerts_per_second", $"'{m}' is not a whole number >= 1", "storm control needs at least one alert per second");
            }

            string severityText = OptionalString("severity") ?? "warning";
            if (!Enum.TryParse<AlertSeverity>(severityText, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
                throw Error("severity", $"unknown severity '{severityText}'", "use info, warning or critical");

            return new AlertRule
            {
                Id = _id, Metric = metric, Statistic = statistic, Percentile = percentile, Threshold = threshold,
                Window = window, Sustain = sustain, Cooldown = cooldown, MaxAlertsPerSecond = maxPerSecond,
                Severity = severity, Selector = ParseSelector(metric),
            };
        }

        private (Statistic, double) ParseStatistic(string text)
        {
            switch (text)
            {
                case "value": return (Statistic.Value, 0);
                case "max": return (Statistic.Max, 0);
                case "mean": return (Statistic.Mean, 0);
                case "count": return (Statistic.Count, 0);
                case "rate": return (Statistic.Rate, 0);
            }
            if (text.Length > 1 && text[0] == 'p' && double.TryParse(text.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            {
                if (p < 0 || p > 100) throw Error("statistic", $"percentile {p.ToString(CultureInfo.InvariantCulture)} is outside 0-100", "write p50, p99, p99.9, p99.99 ...");
                return (Statistic.Percentile, p);
            }
            throw Error("statistic", $"unknown statistic '{text}'", "use value, max, mean, count, rate or pNN (p99, p99.9)");
        }

        private long ParseThreshold(Statistic statistic)
        {
            if (!rule.TryGetProperty("threshold", out var t)) throw Error("threshold", "missing", "add e.g. \"threshold\": \"50us\"");
            if (statistic is Statistic.Count or Statistic.Rate)
            {
                // Counts and rates are plain numbers; "1000/s" is accepted for rates as documentation.
                string text = t.ValueKind == JsonValueKind.Number ? t.GetRawText() : (t.GetString() ?? "");
                if (statistic == Statistic.Rate && text.EndsWith("/s", StringComparison.Ordinal)) text = text[..^2];
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0)
                    throw Error("threshold", $"'{t}' is not a whole number >= 0", statistic == Statistic.Rate ? "write events per second, e.g. 1000 or \"1000/s\"" : "write an event count, e.g. 100");
                return n;
            }
            if (t.ValueKind != JsonValueKind.String) throw Error("threshold", $"'{t}' has no unit", "write a string with a unit, e.g. \"50us\" (ns, us, ms, s)");
            return Units.TryParseNs(t.GetString()!, out var problem) ?? throw Error("threshold", problem!, "e.g. \"50us\"");
        }

        private void ValidateWindow(TimeSpan window)
        {
            long intervalTicks = options.Interval.Ticks;
            if (window <= TimeSpan.Zero || window.Ticks % intervalTicks != 0)
                throw Error("window", $"{window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s is not a positive multiple of the {options.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s interval", "windows are built by adding interval histograms");
            if (window.Ticks / intervalTicks > options.RetainedIntervals)
                throw Error("window", $"longer than the {options.RetainedIntervals} retained intervals", "shorten the window or retain more intervals");
        }

        private RuleSelector ParseSelector(Metric metric)
        {
            if (!rule.TryGetProperty("select", out var s)) return RuleSelector.Any;
            if (s.ValueKind != JsonValueKind.Object) throw Error("select", "not an object", "write e.g. \"select\": { \"cpus\": \"isolated\" }");
            foreach (var p in s.EnumerateObject())
                if (!SelectFields.Contains(p.Name)) throw Error($"select.{p.Name}", "unknown selector", $"use one of: {string.Join(", ", SelectFields)}");

            var selector = new RuleSelector
            {
                Cpus = s.TryGetProperty("cpus", out var cpus) ? ParseCpus(cpus) : null,
                Irqs = StringList(s, "irqs"),
                Vectors = StringList(s, "vectors"),
                Queues = StringList(s, "queues"),
                Comm = s.TryGetProperty("comm", out var comm) ? comm.GetString() : null,
                Cgroup = s.TryGetProperty("cgroup", out var cg) ? cg.GetString() : null,
            };
            if (selector.Irqs is { } irqs)
            {
                if (metric != Metric.IrqDuration) throw Error("select.irqs", $"does not apply to metric {metric.Name()}", "use irqs with irq.duration");
                foreach (var irq in irqs.Where(i => !inventory.HasIrq(i)))
                    throw Error("select.irqs", $"'{irq}' matches no IRQ in /proc/interrupts nor a system vector ({string.Join(", ", SystemInventory.IrqVectorNames)})", "check the name in /proc/interrupts");
            }
            if (selector.Vectors is { } vectors)
            {
                if (metric is not (Metric.SoftirqDuration or Metric.SoftirqLatency)) throw Error("select.vectors", $"does not apply to metric {metric.Name()}", "use vectors with softirq.duration or softirq.latency");
                foreach (var v in vectors.Where(v => !SystemInventory.SoftirqVectorNames.Contains(v, StringComparer.OrdinalIgnoreCase)))
                    throw Error("select.vectors", $"'{v}' is not a softirq vector", $"use one of: {string.Join(", ", SystemInventory.SoftirqVectorNames)}");
            }
            if (selector.Queues is { } queues)
            {
                if (metric is not (Metric.NetTxqLatency or Metric.NetTxDriver)) throw Error("select.queues", $"does not apply to metric {metric.Name()}", "use queues with net.txq.latency or net.tx.driver");
                foreach (var q in queues.Where(q => !inventory.NetDevices.Contains(q.Split('/')[0])))
                    throw Error("select.queues", $"device '{q.Split('/')[0]}' does not exist (have: {string.Join(", ", inventory.NetDevices)})", "name an existing device, optionally with /txN");
            }
            if ((selector.Comm ?? selector.Cgroup) is not null && (selector.Cpus ?? selector.Irqs ?? selector.Vectors ?? (object?)selector.Queues) is not null)
                throw Error("select", "comm/cgroup selects a watched task key, which has no CPU, IRQ, vector or queue", "use comm or cgroup alone");
            if (selector.Comm is { } regex)
            {
                try { _ = new Regex(regex); }
                catch (ArgumentException e) { throw Error("select.comm", $"'{regex}' is not a valid regex ({e.Message})", "fix the regular expression"); }
            }
            if (selector.Cgroup is { } cgroup && !Directory.Exists(Path.Combine(inventory.CgroupRoot, cgroup.TrimStart('/'))))
                throw Error("select.cgroup", $"cgroup '{cgroup}' does not exist under {inventory.CgroupRoot}", "create the cgroup first or fix the path");
            return selector;
        }

        private IReadOnlySet<int> ParseCpus(JsonElement e)
        {
            IReadOnlyList<int> list;
            if (e.ValueKind == JsonValueKind.String && e.GetString() == "isolated")
            {
                list = inventory.IsolatedCpus;
                if (list.Count == 0) throw Error("select.cpus", "\"isolated\" matches nothing: /sys/devices/system/cpu/isolated is empty", "boot with isolcpus=, or add \"requires\": \"isolated-cpus\" to skip the rule on such machines");
            }
            else if (e.ValueKind == JsonValueKind.String && e.GetString() == "all") list = Enumerable.Range(0, inventory.CpuCount).ToArray();
            else
            {
                try
                {
                    list = e.ValueKind switch
                    {
                        JsonValueKind.String => SystemInventory.ParseCpuList(e.GetString()!),
                        JsonValueKind.Array => e.EnumerateArray().Select(c => c.GetInt32()).ToArray(),
                        _ => throw new FormatException(),
                    };
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
                {
                    throw Error("select.cpus", $"'{e}' is not a CPU list", "write \"isolated\", \"all\", \"0-3,5\" or [1, 2]");
                }
                foreach (int c in list.Where(c => c < 0 || c >= inventory.CpuCount))
                    throw Error("select.cpus", $"CPU {c} does not exist (this machine has 0-{inventory.CpuCount - 1})", "name existing CPUs");
            }
            return list.ToHashSet();
        }

        private IReadOnlyList<string>? StringList(JsonElement s, string name)
        {
            if (!s.TryGetProperty(name, out var e)) return null;
            if (e.ValueKind == JsonValueKind.String) return [e.GetString()!];
            if (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
                return e.EnumerateArray().Select(x => x.GetString()!).ToArray();
            throw Error($"select.{name}", $"'{e}' is not a string or list of strings", $"write e.g. \"{name}\": [\"...\"]");
        }

        private TimeSpan? Duration(string field)
        {
            if (!rule.TryGetProperty(field, out var e)) return null;
            if (e.ValueKind != JsonValueKind.String) throw Error(field, $"'{e}' has no unit", "write a string with a unit, e.g. \"10s\"");
            long ns = Units.TryParseNs(e.GetString()!, out var problem) ?? throw Error(field, problem!, "e.g. \"10s\"");
            return TimeSpan.FromTicks(ns / 100);
        }

        private string RequiredString(string field) =>
            OptionalString(field) ?? throw Error(field, "missing", $"add \"{field}\"");

        private string? OptionalString(string field)
        {
            if (!rule.TryGetProperty(field, out var e)) return null;
            if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
                throw Error(field, $"'{e}' is not a non-empty string", $"write \"{field}\": \"...\"");
            return e.GetString();
        }
    }
}

/// <summary>The active rules of a file, and the ones skipped because their "requires" was not met (with why).</summary>
public sealed record RuleSet(IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Skipped)
{
    public static readonly RuleSet Empty = new([], []);
}
