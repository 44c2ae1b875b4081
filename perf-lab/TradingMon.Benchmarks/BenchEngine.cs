using TradingMon.Actors.Rules;
using TradingMon.Core;
using TradingMon.Engine;
using TradingMon.Kernel;

namespace TradingMon.Benchmarks;

/// <summary>
/// The engine as the pipeline harnesses run it: their probe options, the reader pinned to CPU 0 (the
/// measured load owns CPU 1), and one run-queue rule so the immediate-rule path is exercised as in use.
/// </summary>
internal static class BenchEngine
{
    private const string Rules = """
        { "rules": [ { "id": "runq-10ms", "metric": "sched.runq", "statistic": "value", "threshold": "10ms", "severity": "warning" } ] }
        """;

    public static MonitorEngine Start(ProbeOptions probes, IAlertSink sink)
    {
        var options = new EngineOptions { Probes = probes, Reader = new ReaderOptions { Cpu = 0 } };
        var rules = RuleFile.Parse(Rules, "bench-rules.json", SystemInventory.Read(), options.Actors);
        return MonitorEngine.Start(options, rules, sink);
    }
}
