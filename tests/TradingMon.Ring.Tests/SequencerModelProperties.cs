using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TradingMon.Ring.Tests;

/// <summary>
/// The sequencers against a plain model, single-threaded: random runs of batch try-claims, out-of-order
/// publishes and consumer progress. Try-claim must succeed exactly when the model has room, and the
/// published prefix must be exactly the contiguous run of published slots.
/// </summary>
public class SequencerModelProperties
{
    private enum Op { TryClaim, PublishOne, Consume }

    private static Arbitrary<(int Shift, bool Multi, (Op Op, int Arg)[] Ops)> Runs()
    {
        var op = from kind in Gen.Elements(Op.TryClaim, Op.TryClaim, Op.PublishOne, Op.Consume)
                 from arg in Gen.Choose(1, 20)
                 select (kind, arg);
        return (from shift in Gen.Choose(0, 4)
                from multi in Gen.Elements(true, false)
                from ops in Gen.ArrayOf(op)
                select (shift, multi, ops)).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property TryClaimAndPublicationMatchTheModel() => Prop.ForAll(Runs(), run =>
    {
        int size = 1 << run.Shift;
        var ring = new RingBuffer<long>(run.Multi ? ProducerType.Multi : ProducerType.Single, size, new BlockingWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        long claimed = -1, consumed = -1, failures = 0;
        var unpublished = new List<long>(); // claimed, not yet published, in claim order
        var published = new SortedSet<long>();
        foreach (var (op, arg) in run.Ops)
        {
            switch (op)
            {
                case Op.TryClaim:
                    int n = Math.Min(arg, size);
                    bool room = claimed + n - consumed <= size;
                    if (ring.TryClaim(n, out long high) != room) return false;
                    if (!room) { failures++; break; }
                    if (high != claimed + n) return false;
                    for (long s = claimed + 1; s <= high; s++) unpublished.Add(s);
                    claimed = high;
                    break;
                case Op.PublishOne when unpublished.Count > 0:
                    // Single producer publishes in order; several producers may finish out of order.
                    int i = run.Multi ? arg % unpublished.Count : 0;
                    long seq = unpublished[i];
                    unpublished.RemoveAt(i);
                    ring.Publish(seq);
                    published.Add(seq);
                    break;
                case Op.Consume:
                    long prefix = ContiguousPublished(published, consumed);
                    consumed = Math.Min(prefix, consumed + arg);
                    consumer.SetValue(consumed);
                    break;
            }
            long expectedPrefix = ContiguousPublished(published, consumed);
            var c = ring.Counters();
            if (ring.HighestPublished != expectedPrefix || c.Published != expectedPrefix + 1 || c.Consumed != consumed + 1
                || c.TryClaimFailures != failures || c.RemainingCapacity != size - (claimed - consumed))
                return false;
        }
        return true;
    });

    private static long ContiguousPublished(SortedSet<long> published, long consumed)
    {
        long h = consumed;
        while (published.Contains(h + 1)) h++;
        return h;
    }
}
