using System.Text.Json;
using TradingMon.Core;

namespace TradingMon.PerfLab.Scenarios;

/// <summary>
/// Reads a scenario file and validates all of it before anything runs. Every problem becomes a
/// <see cref="TradingMonException"/> naming the file, the field (as a JSON path) and what is allowed,
/// which the runner prints as one line with exit code 2.
/// </summary>
public static class ScenarioFile
{
    public const string ProbeMetric = "probe.latency";
    public const string ProbeKey = "probe";
    public const long DefaultMinSamples = 1000;

    /// <summary>The kernel metrics a run can record (see EngineSource); the others in <see cref="Metric"/> are refused.</summary>
    public static readonly string[] KernelMetrics = ["sched.runq", "softirq.duration", "net.txq.latency"];

    private static readonly string[] TopLevelFields = ["description", "baseline", "duration", "quick_duration", "repeat", "workload", "noise", "metrics"];

    /// <summary>The file kinds a scenario may be written in: JSON (comments allowed) or YAML, the same fields either way.</summary>
    public static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    public static bool HasScenarioExtension(string path) => Array.IndexOf(Extensions, Path.GetExtension(path)) >= 0;

    public static Scenario Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new TradingMonException($"{path}: scenario file not found (scenarios live in perf-lab/scenarios/NAME.json or NAME.yaml)");
        string text = System.IO.File.ReadAllText(path);
        // YAML becomes the equivalent JSON first, so both kinds go through one validation with the same field names.
        if (Path.GetExtension(path) is ".yaml" or ".yml") text = YamlScenario.ToJson(text, path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new TradingMonException($"{path}: not valid JSON at line {e.LineNumber + 1}: {e.Message}"); }
        using (doc) return Parse(path, doc.RootElement);
    }

    private static Scenario Parse(string path, JsonElement root)
    {
        var r = new Reader(path);
        r.Object(root, "$", TopLevelFields);
        string name = Path.GetFileNameWithoutExtension(path);
        long duration = r.Duration(root, "$", "duration", required: true)!.Value;
        if (duration < 1_000_000_000) r.Fail("duration", "is shorter than 1s; the histograms would hold too few samples");
        long quick = r.Duration(root, "$", "quick_duration", required: false) ?? Math.Min(duration, 3_000_000_000);
        int? repeat = r.Int(root, "$", "repeat", required: false, 1, 100);

        if (!root.TryGetProperty("workload", out var w)) r.Fail("workload", "is missing; give the workload to measure, e.g. {\"type\": \"latency-probe\", \"cpu\": 1, \"period\": \"1ms\"}");
        var workload = ParseWorkload(r, w);
        var noise = new List<NoiseSpec>();
        if (root.TryGetProperty("noise", out var n))
        {
            if (n.ValueKind != JsonValueKind.Array) r.Fail("noise", "must be an array of noise injectors");
            int i = 0;
            foreach (var item in n.EnumerateArray()) noise.Add(ParseNoise(r, item, $"noise[{i++}]"));
            if (noise.Count(x => x is NicQueueNoise) > 1) r.Fail("noise", "has more than one nic-queue injector; the runner builds one shaped veth per run");
        }
        if (!root.TryGetProperty("metrics", out var m) || m.ValueKind != JsonValueKind.Array || m.GetArrayLength() == 0)
            r.Fail("metrics", "is missing or empty; name at least one metric to record, e.g. {\"name\": \"probe.latency\", \"rules\": {\"p99\": 1.25}}");
        var metrics = new List<MetricSpec>();
        int j = 0;
        foreach (var item in m.EnumerateArray()) metrics.Add(ParseMetric(r, item, $"metrics[{j++}]"));
        // A pipeline workload runs its own engine and records only its own series; the probe records only the others.
        foreach (var (x, k) in metrics.Select((x, k) => (x, k)))
        {
            bool isPipeline = PipelineMetrics.ByMetric.TryGetValue(x.Name, out var p);
            if (workload.Pipeline is null && isPipeline)
                r.Fail($"metrics[{k}].name", $"{x.Name} is recorded by the '{p.Workload}' workload, not by {workload.Type}");
            if (workload.Pipeline is not null && (!isPipeline || p.Workload != workload.Type))
                r.Fail($"metrics[{k}].name", $"the '{workload.Type}' workload records only {PipelineMetrics.ByMetric.First(m => m.Value.Workload == workload.Type).Key}, not {x.Name}");
        }
        if (workload.Pipeline is not null && noise.Count > 0)
            r.Fail("noise", $"is not allowed with the '{workload.Type}' workload: it makes its own load, and added noise would be measured as the monitor's cost");
        // One kernel recorder per run: its run-queue filter is one task name (or none) for the scenario.
        if (metrics.Where(x => x.Name == "sched.runq").Select(x => x.Comm).Distinct().Count() > 1)
            r.Fail("metrics", "has sched.runq entries with different \"comm\" filters; use one filter per scenario");
        // The engine's comm watch follows the task on every CPU: one CPU's key is right only where the task is pinned.
        foreach (var (x, k) in metrics.Select((x, k) => (x, k)))
            if (x.Comm is not null && x.Key != "cpu*" && x.Key != $"cpu{workload.Cpu}")
                r.Fail($"metrics[{k}].key", $"with \"comm\" must be cpu{workload.Cpu} (the workload's CPU, where the probe thread is pinned) or cpu* (the task on every CPU)");

        return new Scenario(name, path, r.String(root, "$", "description", required: false) ?? "",
            r.String(root, "$", "baseline", required: false) ?? name, duration, quick, repeat, workload, noise, metrics);
    }

    private static WorkloadSpec ParseWorkload(Reader r, JsonElement w)
    {
        const string at = "workload";
        if (w.ValueKind != JsonValueKind.Object) r.Fail(at, "must be a JSON object with a \"type\"");
        string type = r.String(w, at, "type", required: true)!;
        switch (type)
        {
            case "latency-probe":
            {
                r.Object(w, at, ["type", "cpu", "period", "priority", "partner_cpu", "control_cpu"]);
                int cpu = r.Cpu(w, at, "cpu", required: true)!.Value;
                long period = r.Duration(w, at, "period", required: false) ?? 1_000_000;
                if (period < 100_000) r.Fail("workload.period", "is below 100us; the probe would mostly measure itself");
                int priority = r.Int(w, at, "priority", required: false, 0, 99) ?? 0;
                int? partner = r.Cpu(w, at, "partner_cpu", required: false);
                if (partner == cpu) r.Fail("workload.partner_cpu", "must differ from workload.cpu: the partner wakes the probe from another CPU");
                return new WorkloadSpec(type, cpu, period, priority, partner, Control(r, w, cpu));
            }
            case "alert-latency":
            {
                r.Object(w, at, ["type", "cpu", "hold", "threshold", "latency_mode", "control_cpu"]);
                int cpu = PipelineCpu(r, w);
                long hold = r.Duration(w, at, "hold", required: false) ?? 2_000_000;
                long threshold = r.Duration(w, at, "threshold", required: false) ?? 1_000_000;
                if (hold > 100_000_000) r.Fail("workload.hold", "is above 100ms; the hog would starve CPU " + cpu);
                if (threshold <= 0 || threshold >= hold) r.Fail("workload.threshold", "must be above 0 and below workload.hold, or the hog's waits would not alert");
                string mode = r.String(w, at, "latency_mode", required: false) ?? "default";
                if (mode is not ("default" or "low")) r.Fail("workload.latency_mode", $"'{mode}' is not a latency mode; use default or low (configs/README.md)");
                return new WorkloadSpec(type, cpu, 0, 0, null, Control(r, w, cpu), new AlertLatencySpec(hold, threshold, mode == "low"));
            }
            case "monitor-overhead":
            {
                r.Object(w, at, ["type", "cpu", "loops", "compare", "control_cpu"]);
                int cpu = PipelineCpu(r, w);
                int loops = r.Int(w, at, "loops", required: false, 1000, 100_000_000) ?? 50_000;
                var compare = new List<string>();
                if (w.TryGetProperty("compare", out var c))
                {
                    if (c.ValueKind != JsonValueKind.Array) r.Fail("workload.compare", $"must be an array of tool names: {string.Join(", ", PipelineMetrics.ComparedTools)}");
                    foreach (var tool in c.EnumerateArray())
                    {
                        if (tool.ValueKind != JsonValueKind.String || Array.IndexOf(PipelineMetrics.ComparedTools, tool.GetString()) < 0)
                            r.Fail("workload.compare", $"names '{tool}', which is not a tool the runner knows; known: {string.Join(", ", PipelineMetrics.ComparedTools)}");
                        compare.Add(tool.GetString()!);
                    }
                }
                else compare.AddRange(PipelineMetrics.ComparedTools);
                return new WorkloadSpec(type, cpu, 0, 0, null, Control(r, w, cpu), new MonitorOverheadSpec(loops, compare.Distinct().ToArray()));
            }
            case "ingest-ceiling":
            {
                r.Object(w, at, ["type", "cpu", "max_pairs", "ring", "control_cpu"]);
                int cpu = PipelineCpu(r, w);
                int pairs = r.Int(w, at, "max_pairs", required: false, 1, 256) ?? 8;
                long ring = r.Size(w, at, "ring", required: false) ?? 4L << 20;
                if (Kernel.KernelProbes.RingBytesProblem(ring) is { } problem) r.Fail("workload.ring", $"is invalid: {problem} (the kernel's ring buffer rule)");
                if (ring > 1L << 30) r.Fail("workload.ring", "is above 1gb: each source gets a ring of this size");
                return new WorkloadSpec(type, cpu, 0, 0, null, Control(r, w, cpu), new IngestCeilingSpec(pairs, (uint)ring));
            }
            default:
                r.Fail("workload.type", $"unknown workload '{type}'; known: latency-probe, {string.Join(", ", PipelineMetrics.ByMetric.Values.Select(v => v.Workload))}");
                return null!;
        }
    }

    /// <summary>A pipeline workload's CPU: the one under load, kept apart from the engine's reader (pinned to another CPU), so two CPUs are needed.</summary>
    private static int PipelineCpu(Reader r, JsonElement w)
    {
        if (Environment.ProcessorCount < 2) r.Fail("workload.type", "needs at least 2 CPUs: the load and the monitor's reader must not share one");
        return r.Cpu(w, "workload", "cpu", required: false) ?? 1;
    }

    private static int? Control(Reader r, JsonElement w, int cpu)
    {
        int? control = r.Cpu(w, "workload", "control_cpu", required: false);
        if (control == cpu) r.Fail("workload.control_cpu", "must differ from workload.cpu: the host control watches the machine, not the CPU under test");
        return control;
    }

    private static NoiseSpec ParseNoise(Reader r, JsonElement e, string at)
    {
        if (e.ValueKind != JsonValueKind.Object) r.Fail(at, "must be an object with a \"type\"");
        string type = r.String(e, at, "type", required: true)!;
        switch (type)
        {
            case "fifo-hog":
            {
                r.Object(e, at, ["type", "cpu", "burst", "period", "priority"]);
                int cpu = r.Cpu(e, at, "cpu", required: true)!.Value;
                long burst = r.Duration(e, at, "burst", required: true)!.Value;
                long period = r.Duration(e, at, "period", required: true)!.Value;
                if (burst <= 0 || burst >= period) r.Fail($"{at}.burst", "must be above 0 and shorter than the period, or the hog would starve the CPU");
                return new FifoHogNoise(cpu, burst, period, r.Int(e, at, "priority", required: false, 1, 98) ?? 50);
            }
            case "softirq":
            {
                r.Object(e, at, ["type", "cpu", "pps", "payload"]);
                return new SoftirqNoise(r.Cpu(e, at, "cpu", required: true)!.Value, r.Int(e, at, "pps", required: true, 1, 1_000_000)!.Value,
                    r.Int(e, at, "payload", required: false, 1, 1400) ?? 64);
            }
            case "nic-queue":
            {
                r.Object(e, at, ["type", "cpu", "rate", "burst", "pps", "payload"]);
                int cpu = r.Cpu(e, at, "cpu", required: true)!.Value;
                long rate = r.Rate(e, at, "rate", required: true);
                long burst = r.Size(e, at, "burst", required: false) ?? 16 * 1024;
                return new NicQueueNoise(cpu, rate, (int)burst, r.Int(e, at, "pps", required: true, 1, 1_000_000)!.Value,
                    r.Int(e, at, "payload", required: false, 1, 1400) ?? 1000);
            }
            default:
                r.Fail($"{at}.type", $"unknown noise injector '{type}'; known: fifo-hog, softirq, nic-queue");
                return null!;
        }
    }

    private static MetricSpec ParseMetric(Reader r, JsonElement e, string at)
    {
        if (e.ValueKind != JsonValueKind.Object) r.Fail(at, "must be an object with a \"name\" and \"rules\"");
        r.Object(e, at, ["name", "key", "comm", "min_samples", "noise_floor", "rules"]);
        string name = r.String(e, at, "name", required: true)!;
        string? key = r.String(e, at, "key", required: false);
        if (name == ProbeMetric)
        {
            if (key is not null && key != ProbeKey) r.Fail($"{at}.key", $"probe.latency has the one key '{ProbeKey}' (leave it out)");
            key = ProbeKey;
        }
        else if (PipelineMetrics.ByMetric.TryGetValue(name, out var pipeline))
        {
            if (key is null || Array.IndexOf(pipeline.Keys, key) < 0)
                r.Fail($"{at}.key", $"must be one of {name}'s keys: {string.Join(", ", pipeline.Keys)}");
        }
        else if (MetricNames.TryParse(name, out _))
        {
            if (Array.IndexOf(KernelMetrics, name) < 0)
                r.Fail($"{at}.name", $"metric '{name}' is not recorded by perf-lab yet; recorded: {ProbeMetric}, {string.Join(", ", KernelMetrics)}");
            if (string.IsNullOrEmpty(key)) r.Fail($"{at}.key", $"is missing; {name} needs a key such as cpu1, cpu*/NET_RX or tmpb0/tx0");
        }
        else
        {
            var known = string.Join(", ", Enum.GetValues<Metric>().Select(x => x.Name()).Prepend(ProbeMetric).Concat(PipelineMetrics.ByMetric.Keys));
            r.Fail($"{at}.name", $"unknown metric '{name}'; known: {known}");
        }

        string? comm = r.String(e, at, "comm", required: false);
        if (comm is not null && name != "sched.runq") r.Fail($"{at}.comm", "applies to sched.runq only");
        if (comm is not null && (comm.Length > 15 || comm.Contains('"'))) r.Fail($"{at}.comm", "must be a task name of at most 15 characters (the kernel's comm), e.g. latency-probe");
        long minSamples = r.Int(e, at, "min_samples", required: false, 1, int.MaxValue) ?? DefaultMinSamples;
        long floor = r.Duration(e, at, "noise_floor", required: false) ?? 0;
        if (!e.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Object || !rules.EnumerateObject().Any())
            r.Fail($"{at}.rules", "is missing or empty; give percentiles and allowed ratios, e.g. {\"p99\": 1.25, \"p99.9\": 1.5, \"max\": 2.0}");
        var list = new List<PercentileRule>();
        foreach (var p in rules.EnumerateObject())
        {
            if (!Percentile.TryParse(p.Name, out var percentile))
                r.Fail($"{at}.rules.{p.Name}", $"'{p.Name}' is not a percentile; write pN with 0 < N < 100 (p50, p99, p99.9) or max");
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out double ratio) || ratio < 1.0)
                r.Fail($"{at}.rules.{p.Name}", "must be a number >= 1.0: the allowed ratio current/baseline (1.25 = 25 % worse)");
            list.Add(new PercentileRule(percentile, p.Value.GetDouble()));
        }
        return new MetricSpec(name, key!, minSamples, floor, list, comm);
    }

    /// <summary>Typed field access that fails with the file and JSON path.</summary>
    private sealed class Reader(string path)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public void Fail(string field, string problem) =>
            throw new TradingMonException($"{path}: field '{field}' {problem}");

        public void Object(JsonElement e, string at, string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object) Fail(at, "must be a JSON object");
            foreach (var p in e.EnumerateObject())
                if (Array.IndexOf(allowed, p.Name) < 0)
                    Fail(Join(at, p.Name), $"is not a known field here; allowed: {string.Join(", ", allowed)}");
        }

        public string? String(JsonElement e, string at, string name, bool required)
        {
            if (!e.TryGetProperty(name, out var v)) { if (required) Fail(Join(at, name), "is missing"); return null; }
            if (v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0) Fail(Join(at, name), "must be a non-empty string");
            return v.GetString();
        }

        public int? Int(JsonElement e, string at, string name, bool required, int min, int max)
        {
            if (!e.TryGetProperty(name, out var v)) { if (required) Fail(Join(at, name), "is missing"); return null; }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i) || i < min || i > max)
                Fail(Join(at, name), $"must be a whole number in {min}..{max}");
            return v.GetInt32();
        }

        public int? Cpu(JsonElement e, string at, string name, bool required)
        {
            int? cpu = Int(e, at, name, required, 0, 1023);
            if (cpu >= Environment.ProcessorCount) Fail(Join(at, name), $"names CPU {cpu}, but this machine has CPUs 0..{Environment.ProcessorCount - 1}");
            return cpu;
        }

        public long? Duration(JsonElement e, string at, string name, bool required) =>
            Quantity(e, at, name, required, Scenarios.Quantity.TryParseNs, Scenarios.Quantity.TimeHelp);

        public long? Size(JsonElement e, string at, string name, bool required) =>
            Quantity(e, at, name, required, Scenarios.Quantity.TryParseBytes, Scenarios.Quantity.SizeHelp);

        public long Rate(JsonElement e, string at, string name, bool required) =>
            Quantity(e, at, name, required, Scenarios.Quantity.TryParseBitsPerSecond, Scenarios.Quantity.RateHelp) ?? 0;

        private delegate bool TryParse(string text, out long value);

        private long? Quantity(JsonElement e, string at, string name, bool required, TryParse parse, string help)
        {
            string? s = String(e, at, name, required);
            if (s is null) return null;
            if (!parse(s, out long v)) Fail(Join(at, name), $"'{s}' is not {help}");
            return v;
        }

        private static string Join(string at, string name) => at == "$" ? name : $"{at}.{name}";
    }
}
