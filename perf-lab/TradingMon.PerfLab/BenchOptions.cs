using System.Globalization;
using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab;

/// <summary>The command line of <c>./run-bench.sh [SCENARIO...] [--repeat N] [--update-baseline] [--out DIR] [--quick] [--baselines DIR]</c>.</summary>
public sealed record BenchOptions(
    IReadOnlyList<string> Scenarios,
    int? Repeat,
    bool UpdateBaseline,
    string OutDir,
    bool Quick,
    string BaselinesDir,
    string ScenariosDir)
{
    public const int DefaultRepeat = 3;

    public const string Usage = """
        usage: ./run-bench.sh [SCENARIO...] [--repeat N] [--update-baseline] [--out DIR] [--quick] [--baselines DIR]
          SCENARIO           a name in perf-lab/scenarios/ (without .json/.yaml) or a path to a scenario file; default: all
          --repeat N         runs per scenario; the gate compares the median of the runs (default 3, or the scenario's "repeat")
          --update-baseline  record the runs as the new baseline in perf-lab/baselines/NAME/ instead of comparing
          --out DIR          where report.md, summary.json, PNGs and .hlog files go (default perf-lab/out/UTC-TIMESTAMP)
          --quick            each scenario's quick_duration instead of its duration
          --baselines DIR    baselines directory (default perf-lab/baselines)
        exit: 0 pass, 1 a regression, 2 invalid scenario or setup error
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args, string root)
    {
        var scenarios = new List<string>();
        int? repeat = null;
        bool update = false, quick = false;
        string? outDir = null, baselines = null;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--repeat":
                    string n = Value(args, ref i, a);
                    if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int r) || r < 1 || r > 100)
                        throw new TradingMonException($"--repeat '{n}' must be a whole number in 1..100");
                    repeat = r;
                    break;
                case "--update-baseline": update = true; break;
                case "--quick": quick = true; break;
                case "--out": outDir = Path.GetFullPath(Value(args, ref i, a)); break;
                case "--baselines": baselines = Path.GetFullPath(Value(args, ref i, a)); break;
                default:
                    if (a.StartsWith('-')) throw new TradingMonException($"unknown option '{a}'\n{Usage}");
                    scenarios.Add(a);
                    break;
            }
        }
        outDir ??= Path.Combine(root, "perf-lab", "out", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        return new BenchOptions(scenarios, repeat, update, outDir, quick,
            baselines ?? Path.Combine(root, "perf-lab", "baselines"), Path.Combine(root, "perf-lab", "scenarios"));
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option)
    {
        if (++i >= args.Count) throw new TradingMonException($"{option} needs a value\n{Usage}");
        return args[i];
    }

    /// <summary>The scenario files to run: each argument as a path or a name in the scenarios directory; all when none.</summary>
    public IReadOnlyList<string> ScenarioFiles()
    {
        if (Scenarios.Count == 0)
        {
            var all = Directory.Exists(ScenariosDir)
                ? Directory.GetFiles(ScenariosDir).Where(ScenarioFile.HasScenarioExtension).ToArray()
                : [];
            if (all.Length == 0) throw new TradingMonException($"no scenarios in {ScenariosDir}; add NAME.json or NAME.yaml files (format: perf-lab/README.md)");
            Array.Sort(all, StringComparer.Ordinal);
            foreach (var name in all.GroupBy(Path.GetFileNameWithoutExtension).Where(g => g.Count() > 1))
                throw new TradingMonException($"{ScenariosDir}: scenario '{name.Key}' is defined twice ({string.Join(", ", name.Select(Path.GetFileName))}); keep one file per scenario");
            return all;
        }
        return Scenarios.Select(s => ScenarioFile.HasScenarioExtension(s) || s.Contains('/') ? Path.GetFullPath(s) : ByName(s)).ToArray();
    }

    /// <summary>NAME in the scenarios directory, whichever of its extensions exists (NAME.json when none does, for the not-found message).</summary>
    private string ByName(string name)
    {
        var found = ScenarioFile.Extensions.Select(e => Path.Combine(ScenariosDir, name + e)).Where(File.Exists).ToArray();
        if (found.Length > 1) throw new TradingMonException($"{ScenariosDir}: scenario '{name}' is defined twice ({string.Join(", ", found.Select(Path.GetFileName))}); keep one file per scenario");
        return found.Length == 1 ? found[0] : Path.Combine(ScenariosDir, name + ".json");
    }
}
