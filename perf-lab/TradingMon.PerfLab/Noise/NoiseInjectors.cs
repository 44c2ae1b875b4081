using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Noise;

/// <summary>Turns a scenario's noise entries into injectors. UDP ports come from perf-lab's range 41100-41199.</summary>
public static class NoiseInjectors
{
    public const int FirstPort = 41100;

    public static INoiseInjector Create(NoiseSpec spec, int index) => spec switch
    {
        FifoHogNoise f => new FifoHogInjector(f),
        SoftirqNoise s => new SoftirqInjector(s, FirstPort + index),
        NicQueueNoise n => new NicQueueInjector(n, FirstPort + index),
        _ => throw new TradingMonException($"noise injector '{spec.Type}' is not available in this build"),
    };
}
