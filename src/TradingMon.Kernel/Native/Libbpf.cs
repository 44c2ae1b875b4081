using System.Runtime.InteropServices;

namespace TradingMon.Kernel.Native;

/// <summary>
/// P/Invoke declarations for the system's libbpf.so.1 (libbpf 1.1, Debian's libbpf1). Only what the
/// probes use. libbpf 1.x returns NULL / a negative errno and sets errno; callers turn that into a
/// <see cref="TradingMon.Core.TradingMonException"/> through <see cref="BpfError"/>.
/// </summary>
internal static unsafe partial class Libbpf
{
    private const string Lib = "libbpf.so.1";

    public const int BTF_KIND_TYPEDEF = 8, BTF_KIND_VAR = 14, BTF_KIND_DATASEC = 15;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__open_file(string path, nint opts);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_object__load(nint obj);

    [LibraryImport(Lib)]
    public static partial void bpf_object__close(nint obj);

    [LibraryImport(Lib)]
    public static partial nint bpf_object__next_program(nint obj, nint prev);

    [LibraryImport(Lib)]
    public static partial nint bpf_object__next_map(nint obj, nint prev);

    [LibraryImport(Lib)]
    public static partial nint bpf_object__btf(nint obj);

    [LibraryImport(Lib)]
    public static partial nint bpf_program__name(nint prog);

    [LibraryImport(Lib)]
    public static partial nint bpf_program__section_name(nint prog);

    [LibraryImport(Lib)]
    public static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Lib)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bpf_program__autoload(nint prog);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint bpf_program__attach(nint prog);

    [LibraryImport(Lib)]
    public static partial int bpf_link__destroy(nint link);

    [LibraryImport(Lib)]
    public static partial nint bpf_map__name(nint map);

    [LibraryImport(Lib)]
    public static partial int bpf_map__fd(nint map);

    [LibraryImport(Lib)]
    public static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

    [LibraryImport(Lib)]
    public static partial uint bpf_map__max_entries(nint map);

    [LibraryImport(Lib)]
    public static partial uint bpf_map__value_size(nint map);

    [LibraryImport(Lib)]
    public static partial void* bpf_map__initial_value(nint map, nuint* size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_map_get_next_key(int fd, void* key, void* nextKey);

    [LibraryImport(Lib)]
    public static partial int bpf_program__fd(nint prog);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int bpf_prog_test_run_opts(int progFd, TestRunOpts* opts);

    [LibraryImport(Lib)]
    public static partial int libbpf_num_possible_cpus();

    [LibraryImport(Lib)]
    public static partial nint libbpf_set_print(delegate* unmanaged<int, byte*, nint, int> fn);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int btf__find_by_name_kind(nint btf, string name, uint kind);

    [LibraryImport(Lib)]
    public static partial BtfType* btf__type_by_id(nint btf, uint id);

    [LibraryImport(Lib)]
    public static partial byte* btf__name_by_offset(nint btf, uint offset);

    [LibraryImport(Lib)]
    public static partial nint btf__load_vmlinux_btf();

    [LibraryImport(Lib)]
    public static partial void btf__free(nint btf);

    /// <summary>struct btf_type: name_off, info (vlen bits 0-15, kind bits 24-28), size/type.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BtfType
    {
        public uint NameOff;
        public uint Info;
        public uint SizeOrType;
        public readonly int Kind => (int)((Info >> 24) & 0x1f);
        public readonly int Vlen => (int)(Info & 0xffff);
    }

    /// <summary>struct btf_var_secinfo: one variable of a DATASEC.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BtfVarSecinfo
    {
        public uint Type;
        public uint Offset;
        public uint Size;
    }

    /// <summary>struct btf_member (STRUCT/UNION): name_off, type, offset in bits.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BtfMember
    {
        public uint NameOff;
        public uint Type;
        public uint Offset;
    }

    /// <summary>struct bpf_test_run_opts (libbpf 1.1): runs a loaded program once, here a SEC("syscall") one.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TestRunOpts
    {
        public nuint Sz; // sizeof(struct bpf_test_run_opts): libbpf reads only the fields this size covers
        public void* DataIn;
        public void* DataOut;
        public uint DataSizeIn;
        public uint DataSizeOut;
        public void* CtxIn;
        public void* CtxOut;
        public uint CtxSizeIn;
        public uint CtxSizeOut;
        public uint Retval;
        public int Repeat;
        public uint Duration;
        public uint Flags;
        public uint Cpu;
        public uint BatchSize;
    }

    public static string? Str(nint p) => p == 0 ? null : Marshal.PtrToStringUTF8(p);
}
