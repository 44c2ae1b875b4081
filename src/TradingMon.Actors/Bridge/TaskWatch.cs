using System.Text.RegularExpressions;
using TradingMon.Actors.Keys;
using TradingMon.Core;

namespace TradingMon.Actors.Bridge;

/// <summary>
/// Watched tasks and cgroups: every event whose task matches a watched comm regex, or runs in a
/// watched cgroup, is also recorded under comm/&lt;regex&gt; or cgroup/&lt;path&gt; (one key per metric).
/// </summary>
/// <remarks>
/// A regex per event would cost a microsecond, so matches are cached per tid in a
/// direct-mapped table that remembers the comm it was computed for (a tid reused by another
/// program, or an exec, recomputes). Cgroup membership is a <see cref="PidSet"/> that the monitor
/// actor rebuilds from cgroup.threads (v2) or tasks (v1) on each tick and swaps in with a volatile write.
/// Hot-path members run on the ring consumer only.
/// </remarks>
internal sealed class TaskWatch
{
    private const int CacheSize = 4096;
    private const int MetricSlots = 8;

    private readonly string[] _commPatterns;
    private readonly Regex[] _commRegexes;
    private readonly string[] _cgroups;
    private readonly string _cgroupRoot;
    private readonly KeyFactory _factory;
    private readonly KeySeries?[] _series;

    private readonly int[] _cachedTidPlusOne = new int[CacheSize];
    private readonly Comm[] _cachedComm = new Comm[CacheSize];
    private readonly ulong[] _cachedMask = new ulong[CacheSize];
    private PidSet[] _cgroupMembers;

    public TaskWatch(IEnumerable<string> commPatterns, IEnumerable<string> cgroups, string cgroupRoot, KeyFactory factory)
    {
        _commPatterns = commPatterns.Distinct().Take(64).ToArray(); // one bit each in the cached mask
        _commRegexes = _commPatterns.Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToArray();
        _cgroups = cgroups.Distinct().ToArray();
        _cgroupRoot = cgroupRoot;
        _factory = factory;
        _series = new KeySeries?[(_commPatterns.Length + _cgroups.Length) * MetricSlots];
        _cgroupMembers = _cgroups.Select(_ => PidSet.Empty).ToArray();
        Active = _series.Length > 0;
    }

    public bool Active { get; }

    /// <summary>Records the event under every watch its task belongs to. Ring consumer only.</summary>
    public void Record(Metric metric, Source source, ulong valueNs, long tsNs, int tid, in Comm taskComm, int culpritPid, in Comm culpritComm)
    {
        ulong mask = CommMask(tid, taskComm);
        while (mask != 0)
        {
            int w = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            Series(w, metric, source).Record(valueNs, tsNs, culpritPid, culpritComm);
        }
        var members = Volatile.Read(ref _cgroupMembers);
        for (int c = 0; c < members.Length; c++)
        {
            if (members[c].Contains(tid)) Series(_commPatterns.Length + c, metric, source).Record(valueNs, tsNs, culpritPid, culpritComm);
        }
    }

    /// <summary>Re-reads the threads of each watched cgroup (and its descendants). Off the hot path.</summary>
    public void RefreshCgroups()
    {
        if (_cgroups.Length == 0) return;
        var fresh = new PidSet[_cgroups.Length];
        for (int c = 0; c < _cgroups.Length; c++) fresh[c] = new PidSet(ReadThreads(Path.Combine(_cgroupRoot, _cgroups[c].TrimStart('/'))));
        Volatile.Write(ref _cgroupMembers, fresh);
    }

    private ulong CommMask(int tid, in Comm comm)
    {
        if (_commRegexes.Length == 0) return 0;
        int slot = tid & (CacheSize - 1);
        if (_cachedTidPlusOne[slot] == tid + 1 && _cachedComm[slot].Equals(comm)) return _cachedMask[slot];
        ulong mask = 0;
        // A miss (first sight of this tid and comm, or a tid collision) must not allocate either:
        // decode into a stack buffer and use the span overload of the regex.
        Span<char> name = stackalloc char[Comm.Length];
        int length = System.Text.Encoding.UTF8.GetChars(comm.Bytes, name);
        for (int i = 0; i < _commRegexes.Length; i++) if (_commRegexes[i].IsMatch(name[..length])) mask |= 1UL << i;
        _cachedTidPlusOne[slot] = tid + 1;
        _cachedComm[slot] = comm;
        _cachedMask[slot] = mask;
        return mask;
    }

    private KeySeries Series(int watch, Metric metric, Source source)
    {
        int index = watch * MetricSlots + (int)metric;
        return _series[index] ??= watch < _commPatterns.Length
            ? _factory.Create(metric, source, KeyScope.Task, "comm/" + _commPatterns[watch], _commPatterns[watch], -1, -1, -1)
            : _factory.Create(metric, source, KeyScope.Cgroup, "cgroup/" + _cgroups[watch - _commPatterns.Length].TrimStart('/'), _cgroups[watch - _commPatterns.Length], -1, -1, -1);
    }

    private static List<int> ReadThreads(string dir)
    {
        var tids = new List<int>();
        if (!Directory.Exists(dir)) return tids;
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Prepend(dir))
        {
            // cgroup v2 lists a cgroup's threads in cgroup.threads, v1 in tasks.
            string file = Path.Combine(d, File.Exists(Path.Combine(d, "cgroup.threads")) ? "cgroup.threads" : "tasks");
            try
            {
                foreach (var line in File.ReadLines(file)) if (int.TryParse(line, out int tid)) tids.Add(tid);
            }
            catch (IOException) { } // the cgroup vanished between listing and reading
            catch (UnauthorizedAccessException) { }
        }
        return tids;
    }
}
