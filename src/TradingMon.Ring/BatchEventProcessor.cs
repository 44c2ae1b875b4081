using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TradingMon.Ring;

/// <summary>
/// A consumer thread: waits on its barrier for the next available batch, hands each event to the handler
/// by reference with its sequence and an end-of-batch flag, then publishes its progress once per batch.
/// Generic over the handler type so a struct handler is inlined into the loop (no dispatch per event).
/// </summary>
/// <remarks>
/// Exceptions never stop it silently: each is counted and logged, then the event is skipped or the
/// processor halts, per <see cref="ProcessorOptions.ExceptionPolicy"/>. The try block encloses the whole
/// batch loop, not each event, so the hot loop is not split by exception-handling regions.
/// </remarks>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : IEventHandler<T>
{
    private const int Idle = 0, Running = 1;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly ProcessorOptions _options;
    private THandler _handler; // not readonly: a struct handler keeps its state between events
    private int _state;
    private long _inFlight; // written by the consumer thread only, read by its own catch block
    private long _exceptionCount;
    private Exception? _fault;
    private Thread? _thread;

    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, ProcessorOptions? options = null)
    {
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _options = options ?? new ProcessorOptions();
        Sequence = new Sequence(ring.Sequencer.Cursor.Value);
    }

    public string Name => _options.Name;
    public Sequence Sequence { get; }
    public bool IsRunning => Volatile.Read(ref _state) == Running;
    public long Processed => Sequence.Value + 1;
    public long ExceptionCount => Interlocked.Read(ref _exceptionCount);
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>The handler as it is now (a copy when it is a struct): for inspection after the processor stopped.</summary>
    public THandler Handler => _handler;

    public void Run()
    {
        EnterRunning();
        RunLoop();
    }

    public Thread Start(Action? onThreadStart = null)
    {
        EnterRunning();
        var thread = new Thread(() =>
        {
            onThreadStart?.Invoke();
            RunLoop();
        })
        { IsBackground = true, Name = Name };
        _thread = thread;
        thread.Start();
        return thread;
    }

    public void Halt() => _barrier.Alert();

    public bool Drain(TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        bool drained;
        while (!(drained = Sequence.Value >= _barrier.HighestPublished(Sequence.Value)) && IsRunning)
        {
            if (Stopwatch.GetTimestamp() > deadline) break;
            Thread.Sleep(1);
        }
        Halt();
        _thread?.Join(timeout);
        return drained;
    }

    private void EnterRunning()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Idle) != Idle)
            throw new InvalidOperationException($"ring processor '{Name}' is already running");
    }

    private void RunLoop()
    {
        try
        {
            ProcessEvents();
        }
        finally
        {
            _barrier.ClearAlert();
            Volatile.Write(ref _state, Idle);
        }
    }

    // Fully optimised at first JIT: this loop is entered once and runs until halt, so under tiered
    // compilation it would live on in on-stack-replacement code with its locals kept in the frame.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessEvents()
    {
        var barrier = _barrier;
        var sequence = Sequence;
        long next = sequence.Value + 1;
        var unpublished = new SpinWait();
        while (true)
        {
            try
            {
                while (true)
                {
                    _inFlight = next; // so a throw outside a handler is attributed as before: to the next event
                    long available = barrier.WaitFor(next);
                    if (available >= next)
                    {
                        next = HandleBatch(next, available);
                        // Release: our reads of these slots complete before producers may reuse them.
                        sequence.SetValue(available);
                        unpublished.Reset();
                    }
                    else if (available == WaitResult.Alerted) return;
                    else if (available == WaitResult.TimedOut) NotifyTimeout(next - 1);
                    // A producer claimed `next` but has not published it yet. It may have been preempted
                    // between claim and publish, so back off (spin, then yield) instead of burning its core.
                    else unpublished.SpinOnce(sleep1Threshold: -1);
                }
            }
            catch (Exception ex)
            {
                next = _inFlight; // the event in hand when it threw (same thread: a plain read)
                Interlocked.Increment(ref _exceptionCount);
                _options.LogException(Name, ex, next);
                if (_options.ExceptionPolicy == ExceptionPolicy.Halt)
                {
                    Volatile.Write(ref _fault, ex);
                    sequence.SetValue(next - 1);
                    return;
                }
                sequence.SetValue(next); // skip the failing event
                next++;
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="next"/>..<paramref name="available"/> to the handler; returns <paramref name="available"/> + 1.
    /// </summary>
    /// <remarks>
    /// A method of its own, outside the try block of <see cref="ProcessEvents"/>: a local that a catch block can
    /// see lives in the stack frame, and the loop counter would then be loaded and stored through memory on
    /// every event. Here the counter, slot base and mask stay in registers; the one store per event is
    /// <see cref="_inFlight"/>, which tells the catch block which event failed.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private long HandleBatch(long next, long available)
    {
        ref T slots = ref _ring.FirstSlot;
        int mask = _ring.Mask;
        for (; next <= available; next++)
        {
            _inFlight = next;
            _handler.OnEvent(ref Unsafe.Add(ref slots, RingMath.IndexOf(next, mask)), next, next == available);
        }
        return next;
    }

    private void NotifyTimeout(long lastProcessed) => TimeoutDispatch.Call?.Invoke(ref _handler, lastProcessed);

    /// <summary>
    /// Calls <see cref="ITimeoutHandler.OnTimeout"/> on the handler field by reference, without boxing a struct
    /// handler (a cast to the interface would box a copy and lose its state). Bound once per handler type.
    /// </summary>
    private static class TimeoutDispatch
    {
        public delegate void Invoker(ref THandler handler, long sequence);

        public static readonly Invoker? Call = typeof(ITimeoutHandler).IsAssignableFrom(typeof(THandler))
            ? typeof(TimeoutDispatch).GetMethod(nameof(Invoke), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(THandler)).CreateDelegate<Invoker>()
            : null;

        private static void Invoke<TTimeout>(ref TTimeout handler, long sequence) where TTimeout : ITimeoutHandler
            => handler.OnTimeout(sequence);
    }
}
