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

    /// <summary>The first source's loaded probe.</summary>
    public LoadedProbe Probe { get; }
    /// <summary>Warnings the loader gave (tracepoints this kernel lacks).</summary>
    public List<string> Warnings { get; } = [];

    private ProbeRun(ProbeSource[] sources)
    {
        _probes = KernelProbes.Load(new ProbeOptions { Sources = sources, ExcludeTgid = 0 }, Warnings.Add);
        Probe = _probes.Find(sources[0]) ?? throw new InvalidOperationException($"{sources[0].Name} did not load: {string.Join("; ", Warnings)}");
        _reader = new RingReader<RecordingSink>(_probes, _sink, new ReaderOptions());
        _reader.Start();
    }

    public static ProbeRun Start(params ProbeSource[] sources) => new(sources);

    /// <summary>Stops reading after the kernel ring is drained and returns every event; asserts nothing was lost.</summary>
    public KernelEvent[] Stop()
    {
        if (!_stopped)
        {
            _stopped = true;
            _reader.Stop();
            foreach (var p in _probes.Probes)
            {
                var c = p.CountersTotal();
                if (c.Dropped != 0 || _sink.Refused != 0 || _reader.Refused != 0)
                    throw new InvalidOperationException($"{p.Source.Name}: {c.Dropped} kernel drops, {_reader.Refused} refused: the events are incomplete");
            }
        }
        return _sink.Snapshot();
    }

    /// <summary>
    /// Net: the kernel's counters so far in this run (its maps are this run's own), with every tracked tx
    /// packet still pending counted lost.
    /// Call it once every packet the test sent has arrived: a packet still pending then left without
    /// being measured, so a short sweep bound counts it.
    /// </summary>
    public ProbeCounters TxLost()
    {
        Probe.SweepStaleTx(TimeSpan.FromMilliseconds(1));
        return Probe.CountersTotal();
    }

    public List<(RxQueueKey Key, RxQueueStats Stats)> RxQueues() => NetTableReader.RxQueues(Probe);

    public List<(NapiKey Key, NapiStats Stats)> NapiStats() => NetTableReader.NapiStats(Probe);

    public void Dispose()
    {
        if (!_stopped) _reader.Stop();
        _probes.Dispose();
    }
}
