namespace TradingMon.Ring.Tests;

/// <summary>A -> B and A -> {B, C} -> D: a stage sees an event only after its upstream stages finished it.</summary>
public class DependencyGraphTests
{
    private const int Events = 30_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Stamps its field with a function of the counter, after checking its upstream stamps are there.</summary>
    private readonly struct StageHandler(Stage stage, StageLog log) : IEventHandler<TestEvent>
    {
        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            long expected = evt.Counter * 7 + 1;
            if ((stage.HasFlag(Stage.NeedsA) && evt.StageA != expected)
                || (stage.HasFlag(Stage.NeedsB) && evt.StageB != expected)
                || (stage.HasFlag(Stage.NeedsC) && evt.StageC != expected))
                log.Violations++;
            if (evt.Counter != log.NextCounter) log.OutOfOrder++;
            log.NextCounter = evt.Counter + 1;
            if (stage.HasFlag(Stage.WritesA)) evt.StageA = expected;
            if (stage.HasFlag(Stage.WritesB)) evt.StageB = expected;
            if (stage.HasFlag(Stage.WritesC)) evt.StageC = expected;
        }
    }

    [Flags]
    private enum Stage { None = 0, WritesA = 1, WritesB = 2, WritesC = 4, NeedsA = 8, NeedsB = 16, NeedsC = 32 }

    private sealed class StageLog
    {
        public long Violations, OutOfOrder, NextCounter;
    }

    [Theory]
    [InlineData(ProducerType.Single, 4, "yielding")]
    [InlineData(ProducerType.Multi, 8, "blocking")]
    [InlineData(ProducerType.Single, 1024, "blocking")]
    public void PipelineAThenB(ProducerType type, int size, string wait)
    {
        var ring = new RingBuffer<TestEvent>(type, size, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<TestEvent>(ring);
        StageLog logA = new(), logB = new();
        var a = pipeline.Add(new StageHandler(Stage.WritesA, logA));
        var b = pipeline.Add(new StageHandler(Stage.NeedsA, logB), null, a);
        Run(pipeline);
        Assert.Equal((0L, 0L, (long)Events), (logB.Violations, logB.OutOfOrder, b.Processed));
        Assert.Equal(0, logA.OutOfOrder);
    }

    [Theory]
    [InlineData(ProducerType.Single, 2, "yielding")]
    [InlineData(ProducerType.Multi, 4, "blocking")]
    [InlineData(ProducerType.Single, 1024, "sleeping")]
    public void DiamondAThenBAndCThenD(ProducerType type, int size, string wait)
    {
        var ring = new RingBuffer<TestEvent>(type, size, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<TestEvent>(ring);
        StageLog logA = new(), logB = new(), logC = new(), logD = new();
        var a = pipeline.Add(new StageHandler(Stage.WritesA, logA));
        var b = pipeline.Add(new StageHandler(Stage.NeedsA | Stage.WritesB, logB), null, a);
        var c = pipeline.Add(new StageHandler(Stage.NeedsA | Stage.WritesC, logC), null, a);
        var d = pipeline.Add(new StageHandler(Stage.NeedsA | Stage.NeedsB | Stage.NeedsC, logD), null, b, c);
        // Only the leaf gates the producers.
        Assert.Equal([d.Sequence], ring.Sequencer.GatingSequences);
        Run(pipeline);
        foreach (var log in new[] { logB, logC, logD }) Assert.Equal((0L, 0L), (log.Violations, log.OutOfOrder));
        Assert.All(new IEventProcessor[] { a, b, c, d }, p => Assert.Equal(Events, p.Processed));
    }

    private static void Run(RingPipeline<TestEvent> pipeline)
    {
        pipeline.Start();
        var ring = pipeline.Ring;
        for (long i = 0; i < Events; i++)
        {
            long s = ring.Claim();
            ref var e = ref ring[s];
            e = default;
            e.Counter = i;
            ring.Publish(s);
        }
        Assert.True(pipeline.Shutdown(Timeout));
    }
}
