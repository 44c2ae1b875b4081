using TradingMon.Kernel.Native;

namespace TradingMon.Kernel;

/// <summary>
/// Whether this kernel has a BTF-enabled tracepoint: the kernel declares a `btf_trace_&lt;name&gt;`
/// typedef for each one a tp_btf program can attach to. Asked before load, so a missing one is
/// skipped with a warning instead of failing the whole object.
/// </summary>
internal sealed class TracepointAvailability : IDisposable
{
    private readonly nint _vmlinux = Libbpf.btf__load_vmlinux_btf();

    public bool Has(string section)
    {
        // Only tp_btf/ sections are checked; anything else is left to libbpf.
        const string prefix = "tp_btf/";
        if (!section.StartsWith(prefix, StringComparison.Ordinal) || _vmlinux == 0) return true;
        return Libbpf.btf__find_by_name_kind(_vmlinux, "btf_trace_" + section[prefix.Length..], Libbpf.BTF_KIND_TYPEDEF) > 0;
    }

    public void Dispose()
    {
        if (_vmlinux != 0) Libbpf.btf__free(_vmlinux);
    }
}
