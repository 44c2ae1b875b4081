namespace TradingMon.Ring;

/// <summary>
/// Wires consumers of one ring into a dependency graph and runs it: <c>Add(a)</c>, <c>Add(b, after: a)</c>
/// gives A -&gt; B; <c>Add(d, after: [b, c])</c> gives {B, C} -&gt; D. Producers are gated on the last
/// stage only (the consumers nothing depends on), which transitively holds back on every stage.
/// </summary>
/// <remarks>Build the graph before the first publish; it is not changed while running.</remarks>
public sealed class RingPipeline<T> where T : struct
{
    private readonly List<IEventProcessor> _processors = [];

    public RingPipeline(RingBuffer<T> ring) => Ring = ring;

    public RingBuffer<T> Ring { get; }

    /// <summary>In the order added, which is a valid topological order of the graph.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>Adds a consumer that sees each event only after every processor in <paramref name="after"/> has.</summary>
    public BatchEventProcessor<T, THandler> Add<THandler>(THandler handler, ProcessorOptions? options = null, params IEventProcessor[] after)
        where THandler : IEventHandler<T>
    {
        foreach (var upstream in after)
        {
            if (!_processors.Contains(upstream))
                throw new ArgumentException($"processor '{upstream.Name}' does not belong to this pipeline; add it first", nameof(after));
        }
        var dependencies = Array.ConvertAll(after, p => p.Sequence);
        var processor = new BatchEventProcessor<T, THandler>(Ring, Ring.NewBarrier(dependencies), handler, options);
        // The upstream stages now gate through the new one (it can never pass them), so only leaves gate producers.
        foreach (var upstream in dependencies) Ring.Sequencer.RemoveGatingSequence(upstream);
        Ring.AddGatingSequences(processor.Sequence);
        _processors.Add(processor);
        return processor;
    }

    /// <summary>Starts each processor on its own background thread; <paramref name="onThreadStart"/> runs first on each.</summary>
    public void Start(Action<IEventProcessor>? onThreadStart = null)
    {
        foreach (var p in _processors) p.Start(onThreadStart is null ? null : () => onThreadStart(p));
    }

    /// <summary>
    /// Shutdown after the producers stopped: drains stage by stage in graph order so every published event
    /// reaches every consumer, then halts. False if <paramref name="timeout"/> (per stage) ran out.
    /// </summary>
    public bool Shutdown(TimeSpan timeout)
    {
        bool drained = true;
        foreach (var p in _processors) drained &= p.Drain(timeout);
        return drained;
    }

    /// <summary>Stops every processor after its current batch, without draining.</summary>
    public void Halt()
    {
        foreach (var p in _processors) p.Halt();
    }
}
