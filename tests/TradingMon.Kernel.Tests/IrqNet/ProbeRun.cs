using TradingMon.Core;
using TradingMon.Kernel.Probes;

namespace TradingMon.Kernel.Tests.IrqNet;

/// <summary>
/// One probe source loaded and attached, its ring drained into a <see cref="RecordingSink"/> by the
/// real reader. This process is not excluded (the tests' own threads are the workload), and every
/// interval is streamed (no minimum latency).
/// </summary>
public sealed class ProbeRun : IDisposable
{
    private readonly KernelProbes _probes;
    private readonly RingReader<RecordingSink> _reader;
    private readonly RecordingSink _sink = new();
    private bool _stopped;

    public LoadedProbe Probe { get; }
    /// <summary>Warnings the loader gave (tracepoints this kernel lacks).</summary>
    public List<string> Warnings { get; } = [];

    private ProbeRun(ProbeSource source)
    {
        _probes = KernelProbes.Load(new ProbeOptions { Sources = [source], ExcludeTgid = 0 }, Warnings.Add);
        Probe = _probes.Find(source) ?? throw new InvalidOperationException($"{source.Name} did not load: {string.Join("; ", Warnings)}");
        _reader = new RingReader<RecordingSink>(_probes, _sink, new ReaderOptions());
        _reader.Start();
    }

    public static ProbeRun Start(ProbeSource source) => new(source);

    /// <summary>Stops reading after the kernel ring is drained and returns every event; asserts nothing was lost.</summary>
    public KernelEvent[] Stop()
    {
        if (!_stopped)
        {
            _stopped = true;
            _reader.Stop();
            var c = Probe.CountersTotal();
            if (c.Dropped != 0 || _sink.Refused != 0 || _reader.Refused != 0)
                throw new InvalidOperationException($"{Probe.Source.Name}: {c.Dropped} kernel drops, {_reader.Refused} refused: the events are incomplete");
        }
        return _sink.Snapshot();
    }

    public List<(RxQueueKey Key, RxQueueStats Stats)> RxQueues() => NetTableReader.RxQueues(Probe);

    public List<(NapiKey Key, NapiStats Stats)> NapiStats() => NetTableReader.NapiStats(Probe);

    public void Dispose()
    {
        if (!_stopped) _reader.Stop();
        _probes.Dispose();
    }
}
