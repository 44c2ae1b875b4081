namespace TradingMon.Aeron;

/// <summary>
/// One named, monotonically increasing count, written by a single thread and readable from any
/// (volatile read). Nothing in the protocol is silent: each drop, refusal and retry has one.
/// </summary>
public sealed class Counter
{
    private long _value;

    public Counter(string name) => Name = name;

    public string Name { get; }

    public long Value => Volatile.Read(ref _value);

    /// <summary>Single-writer increment: a plain add published with a release store, no lock prefix.</summary>
    public void Increment() => Volatile.Write(ref _value, _value + 1);

    public void Add(long delta) => Volatile.Write(ref _value, _value + delta);

    public override string ToString() => $"{Name}={Value}";
}
