namespace TradingMon.Ring.Tests;

public class StressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<ProducerType, int, int, string, bool> Cases => new()
    {
        { ProducerType.Single, 1, 2, "blocking", false },
        { ProducerType.Single, 1, 4, "yielding", true },
        { ProducerType.Single, 1, 1024, "sleeping", false },
        { ProducerType.Single, 1, 1024, "busy-spin", true },
        { ProducerType.Multi, 2, 2, "blocking", false },
        { ProducerType.Multi, 2, 4, "yielding", true },
        { ProducerType.Multi, 3, 4, "blocking", true },
        { ProducerType.Multi, 3, 2, "yielding", false },
        { ProducerType.Multi, 3, 1024, "busy-spin", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryEventExactlyOnceInOrderPerProducer(ProducerType type, int producers, int size, string wait, bool batchClaims)
    {
        // Tiny rings wait on almost every claim (several threads on 2 cores): fewer events keep the suite fast.
        int perProducer = size <= 4 ? 20_000 : 200_000;
        var ring = new RingBuffer<TestEvent>(type, size, WaitStrategies.Create(wait));
        var pipeline = new RingPipeline<TestEvent>(ring);
        var state = new CheckState(producers);
        var consumer = pipeline.Add(new CheckingHandler(state));
        pipeline.Start();

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() => Produce(ring, p, perProducer, batchClaims))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(Timeout), "producer stuck"));
        Assert.True(pipeline.Shutdown(Timeout), "consumer did not drain");

        Assert.Null(state.FirstError);
        Assert.Equal(0, state.Errors);
        Assert.Equal((long)producers * perProducer, state.Events);
        Assert.All(state.NextCounter, c => Assert.Equal(perProducer, c));
        Assert.Equal((long)producers * perProducer, consumer.Processed);
        var counters = ring.Counters();
        Assert.Equal((long)producers * perProducer, counters.Published);
        Assert.Equal((long)producers * perProducer, counters.Consumed);
        Assert.Equal(size, counters.RemainingCapacity);
    }

    private static void Produce(RingBuffer<TestEvent> ring, int producer, int count, bool batchClaims)
    {
        long counter = 0;
        while (counter < count)
        {
            int n = batchClaims ? (int)Math.Min(Math.Min(ring.Size, 3), count - counter) : 1;
            long high = n == 1 ? ring.Claim() : ring.Claim(n);
            long low = high - n + 1;
            for (long s = low; s <= high; s++)
            {
                ref var e = ref ring[s];
                e.Producer = producer;
                e.Counter = counter;
                e.Checksum = TestEvent.ChecksumOf(producer, counter);
                counter++;
            }
            if (n == 1) ring.Publish(high);
            else ring.Publish(low, high);
        }
    }
}
