namespace TradingMon.Ring.Tests;

/// <summary>
/// Verifies the stream as it arrives: per producer, counters strictly consecutive from 0 (exactly once, in
/// order), each event's checksum intact, consumer sequences consecutive. A struct handler over shared state.
/// </summary>
public readonly struct CheckingHandler(CheckState state) : IEventHandler<TestEvent>
{
    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch) => state.Check(ref evt, sequence, endOfBatch);
}

public sealed class CheckState(int producers)
{
    public readonly long[] NextCounter = new long[producers];
    public long Errors, Events, Batches, LastSequence = -1;
    public string? FirstError;

    public void Check(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (sequence != LastSequence + 1) Fail($"sequence {sequence} after {LastSequence}");
        LastSequence = sequence;
        if (evt.Producer < 0 || evt.Producer >= NextCounter.Length) Fail($"bad producer {evt.Producer} at {sequence}");
        else
        {
            if (evt.Counter != NextCounter[evt.Producer]) Fail($"producer {evt.Producer}: counter {evt.Counter}, expected {NextCounter[evt.Producer]}");
            NextCounter[evt.Producer] = evt.Counter + 1;
        }
        if (evt.Checksum != TestEvent.ChecksumOf(evt.Producer, evt.Counter)) Fail($"checksum mismatch at {sequence}");
        Events++;
        if (endOfBatch) Batches++;
    }

    private void Fail(string message)
    {
        if (Errors++ == 0) FirstError = message;
    }
}
