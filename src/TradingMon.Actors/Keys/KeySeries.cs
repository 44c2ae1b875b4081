using System.Runtime.CompilerServices;
using HdrHistogram;
using TradingMon.Actors.Histograms;
using TradingMon.Actors.Rules;
using TradingMon.Core;

namespace TradingMon.Actors.Keys;

/// <summary>
/// The hot-path half of one metric key (sched.runq of cpu1, irq.duration of cpu0/virtio0-input.0, ...):
/// the HdrHistogram <see cref="Recorder"/> the ring consumer records into, the culprit table and the
/// immediate rules that apply to this key.
/// </summary>
/// <remarks>
/// Single writer: only the ring consumer thread calls <see cref="Record"/>. The key's aggregator actor
/// takes interval histograms from the recorder (its writer/reader phaser makes the swap safe without
/// a lock on the writer) and reads the culprit table. The object lives outside the actor, so an
/// aggregator restart loses nothing.
/// </remarks>
public sealed class KeySeries
{
    private readonly long _highestTrackableNs;
    private long _clampedCount;

    internal KeySeries(Metric metric, Source source, KeyScope scope, string name, string detail,
                       int cpu, int keyId1, int keyId2, long highestTrackableNs)
    {
        Metric = metric;
        Source = source;
        Scope = scope;
        Name = name;
        Detail = detail;
        Cpu = cpu;
        KeyId1 = keyId1;
        KeyId2 = keyId2;
        _highestTrackableNs = highestTrackableNs;
        Recorder = new Recorder(1, highestTrackableNs, MonitorOptions.SignificantDigits,
            (id, low, high, digits) => new IndexedHistogram(id, low, high, digits));
    }

    public Metric Metric { get; }
    public Source Source { get; }
    public KeyScope Scope { get; }
    /// <summary>The key as the JSON summary spells it: cpu1, cpu0/virtio0-input.0, cpu1/NET_RX, eth0/tx0.</summary>
    public string Name { get; }
    /// <summary>The part a selector tests besides the CPU: IRQ name, vector name, device, watched regex or cgroup.</summary>
    public string Detail { get; }
    /// <summary>CPU of the key, -1 when not per CPU.</summary>
    public int Cpu { get; }
    public int KeyId1 { get; }
    public int KeyId2 { get; }

    internal Recorder Recorder { get; }
    internal CulpritTable Culprits { get; } = new();
    /// <summary>Immediate rules whose selector matches this key; set once before the key is published.</summary>
    internal ImmediateRuleGate[] ImmediateRules { get; set; } = [];
    /// <summary>Windowed rules whose selector matches; evaluated by the aggregator on ticks.</summary>
    internal WindowedRuleState[] WindowedRules { get; set; } = [];

    /// <summary>Values above the histogram's range, recorded as the highest trackable value.</summary>
    public long ClampedCount => Volatile.Read(ref _clampedCount);

    /// <summary>
    /// Records one event: histogram, culprit bookkeeping, immediate rules. Ring consumer thread only.
    /// Allocation-free: the recorder's phaser is two interlocked operations, the culprit table is
    /// pre-sized, and a rule only does work when its threshold is crossed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Record(ulong rawValueNs, long kernelTsNs, int culpritPid, in Comm culpritComm)
    {
        long value;
        if (rawValueNs > (ulong)_highestTrackableNs)
        {
            value = _highestTrackableNs;
            Volatile.Write(ref _clampedCount, _clampedCount + 1); // single writer: no interlocked needed
        }
        else
        {
            value = (long)rawValueNs;
        }
        Recorder.RecordValue(value);
        Culprits.Record(culpritPid, culpritComm, value, kernelTsNs);
        var rules = ImmediateRules;
        for (int i = 0; i < rules.Length; i++)
        {
            if (value > rules[i].ThresholdNs) rules[i].OnBreach(value, kernelTsNs, culpritPid, culpritComm);
        }
    }

    public override string ToString() => $"{Metric.Name()}:{Name}";
}
