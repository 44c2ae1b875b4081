using TradingMon.Core;
using TradingMon.PerfLab.Scenarios;

namespace TradingMon.PerfLab.Noise;

/// <summary>Turns a scenario's noise entries into running injectors.</summary>
public static class NoiseInjectors
{
    public static INoiseInjector Create(NoiseSpec spec) => spec switch
    {
        _ => throw new TradingMonException($"noise injector '{spec.Type}' is not available in this build"),
    };
}
