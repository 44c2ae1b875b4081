namespace TradingMon.Ring;

/// <summary>How many threads publish into a ring. Pick <see cref="Single"/> whenever one thread owns the ring.</summary>
public enum ProducerType
{
    /// <summary>One publishing thread: claims are plain arithmetic, no atomic instruction.</summary>
    Single,
    /// <summary>Several publishing threads: claims are atomic, each slot carries its own availability flag.</summary>
    Multi,
}
