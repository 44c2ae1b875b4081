namespace TradingMon.PerfLab.Noise;

/// <summary>Load the runner puts on the machine while a scenario records. Dispose stops it and removes whatever it created.</summary>
public interface INoiseInjector : IDisposable
{
    void Start();

    /// <summary>Stops the load and says what it did (packets sent, refused), so a scenario whose noise failed to happen is visible.</summary>
    string Stop();
}
