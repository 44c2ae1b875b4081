using System.Diagnostics;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// A real Aeron C media driver (aeronmd) in its own aeron.dir, for the interop tests. Shared threading
/// and a backoff idle strategy keep it to a fraction of one core on this 2-core machine (the default
/// dedicated busy-spinning threads would starve our own publisher and subscriber).
/// </summary>
internal sealed class InteropMediaDriver : IDisposable
{
    private readonly string _binDir;
    private readonly InteropProcess _driver;
    private readonly List<InteropProcess> _samples = new();

    public InteropMediaDriver(string name)
    {
        _binDir = Environment.GetEnvironmentVariable(InteropFactAttribute.BinDirVariable)!;
        AeronDir = Path.Combine("/dev/shm", $"tradingmon-interop-{name}-{Environment.ProcessId}");
        Variables = new Dictionary<string, string>
        {
            ["AERON_DIR"] = AeronDir,
            ["AERON_THREADING_MODE"] = "SHARED",
            ["AERON_SHARED_IDLE_STRATEGY"] = "backoff",
            ["AERON_DIR_DELETE_ON_START"] = "1",
            ["AERON_DIR_DELETE_ON_SHUTDOWN"] = "1",
        };
        _driver = new InteropProcess(Path.Combine(_binDir, "aeronmd"), [], Variables);
        // Clients need the driver's CnC file; wait for it rather than for a fixed time.
        var waited = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(AeronDir, "cnc.dat")))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10) || _driver.HasExited)
                throw new InvalidOperationException($"aeronmd did not start in {AeronDir}\n{_driver.Transcript()}");
            Thread.Sleep(20);
        }
    }

    public string AeronDir { get; }
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Starts a C sample (basic_subscriber, basic_publisher) against this driver.</summary>
    public InteropProcess StartSample(string sample, params string[] args)
    {
        var process = new InteropProcess(Path.Combine(_binDir, sample), ["-p", AeronDir, .. args], Variables);
        _samples.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var s in _samples) s.Dispose();
        _driver.Dispose();
    }
}
