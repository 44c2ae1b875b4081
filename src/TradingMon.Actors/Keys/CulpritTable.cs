using System.Runtime.CompilerServices;
using TradingMon.Core;

namespace TradingMon.Actors.Keys;

/// <summary>
/// Per victim key: which tasks were involved and how much delay they account for, plus the worst
/// single event. For sched.runq the task is the culprit that ran instead of the woken task; for IRQ
/// and softirq keys it is the interrupted task; for tx queues, the task that queued the packet.
/// </summary>
/// <remarks>
/// Single writer (the ring consumer), any number of readers (the aggregator answering a query).
/// Fixed-size open addressing on pid, so recording never allocates; tasks that find no free slot
/// within <see cref="MaxProbe"/> go to an "other tasks" total, so nothing is silently lost.
/// A slot's pid is published last (volatile write) so a reader never sees a pid with another
/// task's comm. Counts and totals are plain 64-bit stores, atomic on x64; a reader may see a count
/// one event ahead of the total, which a report can live with.
/// The worst event is several fields, so it is guarded by a sequence lock: the writer never waits,
/// the reader retries while the version is odd or changed.
/// </remarks>
internal sealed class CulpritTable
{
    private const int Capacity = 256; // power of two
    private const int MaxProbe = 16;

    private readonly int[] _pidPlusOne = new int[Capacity]; // 0 = empty; pid 0 (idle) is a valid task
    private readonly Comm[] _comm = new Comm[Capacity];
    private readonly long[] _count = new long[Capacity];
    private readonly long[] _totalNs = new long[Capacity];
    private long _otherCount, _otherTotalNs;

    private int _worstVersion;
    private long _worstNs = -1, _worstTsNs;
    private int _worstPid;
    private Comm _worstComm;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(int pid, in Comm comm, long valueNs, long kernelTsNs)
    {
        int slot = FindOrClaim(pid, comm);
        if (slot >= 0)
        {
            Volatile.Write(ref _count[slot], _count[slot] + 1);
            Volatile.Write(ref _totalNs[slot], _totalNs[slot] + valueNs);
        }
        else
        {
            Volatile.Write(ref _otherCount, _otherCount + 1);
            Volatile.Write(ref _otherTotalNs, _otherTotalNs + valueNs);
        }
        if (valueNs > _worstNs) RecordWorst(pid, comm, valueNs, kernelTsNs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindOrClaim(int pid, in Comm comm)
    {
        int key = pid + 1;
        int slot = (int)((uint)(pid * -1640531535) >> 24) & (Capacity - 1); // Fibonacci hash
        for (int probe = 0; probe < MaxProbe; probe++, slot = (slot + 1) & (Capacity - 1))
        {
            int seen = _pidPlusOne[slot];
            if (seen == key) return slot;
            if (seen == 0)
            {
                _comm[slot] = comm;
                Volatile.Write(ref _pidPlusOne[slot], key); // publish after the comm
                return slot;
            }
        }
        return -1;
    }

    private void RecordWorst(int pid, in Comm comm, long valueNs, long kernelTsNs)
    {
        Volatile.Write(ref _worstVersion, _worstVersion + 1); // odd: being written
        _worstNs = valueNs;
        _worstTsNs = kernelTsNs;
        _worstPid = pid;
        _worstComm = comm;
        Volatile.Write(ref _worstVersion, _worstVersion + 1); // even: stable
    }

    /// <summary>The worst single event so far, or null before the first event. Reader side.</summary>
    public WorstEvent? Worst()
    {
        var spin = new SpinWait();
        while (true)
        {
            int v1 = Volatile.Read(ref _worstVersion);
            long ns = _worstNs, ts = _worstTsNs;
            int pid = _worstPid;
            Comm comm = _worstComm;
            Interlocked.MemoryBarrier(); // the field reads must complete before the version re-check
            if ((v1 & 1) == 0 && v1 == Volatile.Read(ref _worstVersion))
                return ns < 0 ? null : new WorstEvent(ns, ts, pid, comm.ToString());
            spin.SpinOnce();
        }
    }

    /// <summary>Top tasks by event count and by total delay. Reader side; allocates the report.</summary>
    public CulpritReport Report(int top)
    {
        var all = new List<TaskDelay>();
        for (int i = 0; i < Capacity; i++)
        {
            int key = Volatile.Read(ref _pidPlusOne[i]);
            if (key == 0) continue;
            all.Add(new TaskDelay(key - 1, _comm[i].ToString(), Volatile.Read(ref _count[i]), Volatile.Read(ref _totalNs[i])));
        }
        var byCount = all.OrderByDescending(t => t.Count).ThenBy(t => t.Pid).Take(top).ToArray();
        var byTotal = all.OrderByDescending(t => t.TotalNs).ThenBy(t => t.Pid).Take(top).ToArray();
        return new CulpritReport(byCount, byTotal, Worst(), Volatile.Read(ref _otherCount), Volatile.Read(ref _otherTotalNs));
    }
}

/// <summary>A task's share of a key's events: how many and how much delay in total.</summary>
public sealed record TaskDelay(int Pid, string Comm, long Count, long TotalNs);

/// <summary>The worst single event of a key: its value, kernel timestamp and task.</summary>
public sealed record WorstEvent(long ValueNs, long KernelTsNs, int Pid, string Comm);

/// <summary>Culprits of a victim key. <c>OtherCount</c>/<c>OtherTotalNs</c>: tasks beyond the table's capacity.</summary>
public sealed record CulpritReport(
    IReadOnlyList<TaskDelay> TopByCount,
    IReadOnlyList<TaskDelay> TopByTotalDelay,
    WorstEvent? Worst,
    long OtherCount,
    long OtherTotalNs);
