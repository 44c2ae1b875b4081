using System.Runtime.InteropServices;
using System.Text;
using TradingMon.Core;
using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

/// <summary>
/// One compiled eBPF object file (bpf/*.bpf.o) through libbpf: open, set the `const volatile`
/// tunables, size maps, choose programs, load, attach. Disposing detaches every link and frees the
/// object, which removes its programs and maps from the kernel.
/// </summary>
public sealed unsafe class BpfObject : SafeHandle
{
    private readonly List<nint> _links = [];
    private bool _loaded;

    public string Path { get; }

    private BpfObject(string path) : base(0, ownsHandle: true) => Path = path;

    public override bool IsInvalid => handle == 0;

    public static BpfObject Open(string path)
    {
        LibbpfLog.Install();
        if (!File.Exists(path))
            throw new TradingMonException($"eBPF object {path} not found: build first (dotnet build -c Release), which compiles bpf/*.bpf.c");
        var obj = new BpfObject(path);
        nint h = Libbpf.bpf_object__open_file(path, 0);
        if (h == 0) throw BpfError.From($"cannot open eBPF object {path}", Marshal.GetLastPInvokeError());
        obj.SetHandle(h);
        return obj;
    }

    /// <summary>The programs in the object: (libbpf handle, name, section), e.g. ("tm_sched_switch", "tp_btf/sched_switch").</summary>
    public IEnumerable<(nint Prog, string Name, string Section)> Programs()
    {
        for (nint p = Libbpf.bpf_object__next_program(handle, 0); p != 0; p = Libbpf.bpf_object__next_program(handle, p))
            yield return (p, Libbpf.Str(Libbpf.bpf_program__name(p))!, Libbpf.Str(Libbpf.bpf_program__section_name(p))!);
    }

    /// <summary>Skips a program (its tracepoint is missing on this kernel) so the rest still loads.</summary>
    public static void DisableProgram(nint prog) => Libbpf.bpf_program__set_autoload(prog, false);

    public nint Map(string name)
    {
        for (nint m = Libbpf.bpf_object__next_map(handle, 0); m != 0; m = Libbpf.bpf_object__next_map(handle, m))
        {
            if (Libbpf.Str(Libbpf.bpf_map__name(m)) == name) return m;
        }
        throw new TradingMonException($"{System.IO.Path.GetFileName(Path)} has no map '{name}': the object and TradingMon are out of step; rebuild");
    }

    public int MapFd(string name) => Libbpf.bpf_map__fd(Map(name));

    public void SetMaxEntries(string map, uint entries)
    {
        if (_loaded) throw new InvalidOperationException("map sizes are fixed once loaded");
        int rc = Libbpf.bpf_map__set_max_entries(Map(map), entries);
        if (rc != 0) throw BpfError.From($"cannot size map {map} to {entries}", -rc);
    }

    /// <summary>
    /// Writes a global variable: a `const volatile` one (.rodata) before load, or a plain global
    /// (.bss/.data, mmapped by libbpf) at any time. Found by name in the object's BTF.
    /// </summary>
    public void SetGlobal<T>(string name, T value) where T : unmanaged => SetGlobal(name, new ReadOnlySpan<byte>(&value, sizeof(T)));

    public void SetGlobal(string name, ReadOnlySpan<byte> value)
    {
        var (section, offset, size) = FindVariable(name);
        if (value.Length != size)
            throw new InvalidOperationException($"{name} is {size} bytes in {System.IO.Path.GetFileName(Path)}, given {value.Length}");
        if (section == ".rodata" && _loaded) throw new InvalidOperationException($"{name} is const: set it before load");
        nint map = MapEndingWith(section);
        nuint mapSize;
        byte* data = (byte*)Libbpf.bpf_map__initial_value(map, &mapSize);
        if (data == null || offset + size > (uint)mapSize) throw new InvalidOperationException($"no writable image of {section} for {name}");
        value.CopyTo(new Span<byte>(data + offset, size));
    }

    private nint MapEndingWith(string section)
    {
        for (nint m = Libbpf.bpf_object__next_map(handle, 0); m != 0; m = Libbpf.bpf_object__next_map(handle, m))
        {
            // libbpf names internal maps "<object prefix>.rodata" (truncated to 15 chars).
            if (Libbpf.Str(Libbpf.bpf_map__name(m))!.EndsWith(section, StringComparison.Ordinal)) return m;
        }
        throw new InvalidOperationException($"{System.IO.Path.GetFileName(Path)} has no {section} map");
    }

    /// <summary>Whether the object declares a global of that name (not every source has every tunable).</summary>
    public bool HasGlobal(string name) => TryFindVariable(name, out _);

    private (string Section, int Offset, int Size) FindVariable(string name) =>
        TryFindVariable(name, out var found)
            ? found
            : throw new TradingMonException($"{System.IO.Path.GetFileName(Path)} has no global '{name}': the object and TradingMon are out of step; rebuild");

    private bool TryFindVariable(string name, out (string Section, int Offset, int Size) found)
    {
        nint btf = Libbpf.bpf_object__btf(handle);
        foreach (var section in new[] { ".rodata", ".bss", ".data" })
        {
            int id = Libbpf.btf__find_by_name_kind(btf, section, Libbpf.BTF_KIND_DATASEC);
            if (id <= 0) continue;
            var sec = Libbpf.btf__type_by_id(btf, (uint)id);
            var vars = (Libbpf.BtfVarSecinfo*)(sec + 1);
            for (int i = 0; i < sec->Vlen; i++)
            {
                var v = Libbpf.btf__type_by_id(btf, vars[i].Type);
                if (Marshal.PtrToStringUTF8((nint)Libbpf.btf__name_by_offset(btf, v->NameOff)) == name)
                {
                    found = (section, (int)vars[i].Offset, (int)vars[i].Size);
                    return true;
                }
            }
        }
        found = default;
        return false;
    }

    public void Load()
    {
        LibbpfLog.Take(); // only this load's messages
        int rc = Libbpf.bpf_object__load(handle);
        if (rc != 0) throw BpfError.From($"cannot load {System.IO.Path.GetFileName(Path)} into the kernel", -rc);
        _loaded = true;
    }

    /// <summary>Attaches every loaded program to its tracepoint (SEC("syscall") ones are run by <see cref="Run"/>, not attached).</summary>
    public void AttachAll()
    {
        foreach (var (prog, name, section) in Programs())
        {
            if (!Libbpf.bpf_program__autoload(prog) || section == SyscallSection) continue;
            nint link = Libbpf.bpf_program__attach(prog);
            if (link == 0) throw BpfError.From($"cannot attach {name} to {section}", Marshal.GetLastPInvokeError());
            _links.Add(link);
        }
    }

    public int AttachedCount => _links.Count;

    /// <summary>Section of programs user space runs on demand (<see cref="Run"/>) instead of attaching.</summary>
    public const string SyscallSection = "syscall";

    /// <summary>Whether the object has a program of this name (a SEC("syscall") one for <see cref="Run"/>).</summary>
    public bool HasProgram(string name)
    {
        foreach (var (_, n, _) in Programs())
        {
            if (n == name) return true;
        }
        return false;
    }

    /// <summary>
    /// Runs a loaded SEC("syscall") program once in the kernel (BPF_PROG_TEST_RUN) with
    /// <paramref name="args"/> as its context, on the calling CPU; returns what it returned.
    /// </summary>
    public uint Run<TArgs>(string name, TArgs args) where TArgs : unmanaged
    {
        foreach (var (prog, n, section) in Programs())
        {
            if (n != name || section != SyscallSection) continue;
            var opts = new Libbpf.TestRunOpts { Sz = (nuint)sizeof(Libbpf.TestRunOpts), CtxIn = &args, CtxSizeIn = (uint)sizeof(TArgs) };
            int rc = Libbpf.bpf_prog_test_run_opts(Libbpf.bpf_program__fd(prog), &opts);
            if (rc != 0) throw BpfError.From($"cannot run {name}", -rc);
            return opts.Retval;
        }
        throw new TradingMonException($"{System.IO.Path.GetFileName(Path)} has no syscall program '{name}': the object and TradingMon are out of step; rebuild");
    }

    /// <summary>
    /// Detaches every program but keeps the maps: once this returns no program of the object runs
    /// any more (the kernel waits for programs in flight), so a last drain of the ring and a last
    /// read of the counters see every record and count exactly.
    /// </summary>
    public void Detach()
    {
        foreach (var l in _links) Libbpf.bpf_link__destroy(l);
        _links.Clear();
    }

    /// <summary>Sums a PERCPU_ARRAY entry of <typeparamref name="T"/> over all possible CPUs, or returns it per CPU.</summary>
    public T[] LookupPerCpu<T>(string map, uint key) where T : unmanaged
    {
        int ncpu = Libbpf.libbpf_num_possible_cpus();
        // The kernel rounds each CPU's value up to 8 bytes.
        int stride = (sizeof(T) + 7) & ~7;
        var raw = new byte[stride * ncpu];
        var result = new T[ncpu];
        fixed (byte* p = raw)
        {
            if (Libbpf.bpf_map_lookup_elem(MapFd(map), &key, p) != 0)
                throw BpfError.From($"cannot read map {map}", Marshal.GetLastPInvokeError());
            for (int i = 0; i < ncpu; i++) result[i] = *(T*)(p + i * stride);
        }
        return result;
    }

    protected override bool ReleaseHandle()
    {
        Detach();
        Libbpf.bpf_object__close(handle);
        return true;
    }
}
