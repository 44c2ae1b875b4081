using TradingMon.PerfLab.Scenarios;
using TradingMon.Workloads;

namespace TradingMon.PerfLab.Noise;

/// <summary>
/// Real-time noise: the kernel ground-truth harness's <see cref="FifoHog"/>, a SCHED_FIFO thread
/// spinning <c>burst</c> every <c>period</c> on one CPU (the hog starts spinning when created).
/// </summary>
public sealed class FifoHogInjector(FifoHogNoise spec) : INoiseInjector
{
    private FifoHog? _hog;

    public void Start() =>
        _hog = new FifoHog(spec.Cpu, TimeSpan.FromTicks(spec.BurstNs / 100), TimeSpan.FromTicks(spec.PeriodNs / 100), spec.Priority, "tmp-fifo-hog");

    public string Stop()
    {
        _hog!.Dispose();
        return $"fifo-hog: {_hog.Bursts} bursts of {Quantity.FormatNs(spec.BurstNs)} on CPU {spec.Cpu}";
    }

    public void Dispose() => _hog?.Dispose();
}
