using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Noise;

/// <summary>Real-time noise: a SCHED_FIFO hog spinning <c>burst</c> every <c>period</c> on one CPU.</summary>
public sealed class FifoHogInjector(FifoHogNoise spec) : INoiseInjector
{
    private readonly FifoBurstHog _hog = new(spec.Cpu, spec.BurstNs, spec.PeriodNs, spec.Priority);

    public void Start() => _hog.Start();

    public string Stop()
    {
        _hog.Dispose();
        return $"fifo-hog: {_hog.Bursts} bursts of {Quantity.FormatNs(spec.BurstNs)} on CPU {spec.Cpu}";
    }

    public void Dispose() => _hog.Dispose();
}
