using System.Diagnostics;
using System.Text.RegularExpressions;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Kernel.Tests;

/// <summary>
/// The C# event twins must match the C structs byte for byte. Read the truth from the compiled
/// object's BTF (what the kernel programs were built with), not from a copy of the header.
/// </summary>
public class LayoutTests
{
    private static readonly Lazy<Dictionary<string, (int Size, Dictionary<string, int> Offsets)>> Btf = new(ReadBtf);

    [Fact]
    public void KernelEvent_matches_struct_tm_event()
    {
        var s = Btf.Value["tm_event"];
        Assert.Equal(KernelEvent.Size, s.Size);
        Assert.Equal(KernelEvent.Size, System.Runtime.CompilerServices.Unsafe.SizeOf<KernelEvent>());
        Assert.Equal(KernelEvent.TsNsOffset, s.Offsets["ts_ns"]);
        Assert.Equal(KernelEvent.ValueNsOffset, s.Offsets["value_ns"]);
        Assert.Equal(KernelEvent.AuxNsOffset, s.Offsets["aux_ns"]);
        Assert.Equal(KernelEvent.KindOffset, s.Offsets["kind"]);
        Assert.Equal(KernelEvent.CpuOffset, s.Offsets["cpu"]);
        Assert.Equal(KernelEvent.PidOffset, s.Offsets["pid"]);
        Assert.Equal(KernelEvent.TgidOffset, s.Offsets["tgid"]);
        Assert.Equal(KernelEvent.CommOffset, s.Offsets["comm"]);
        Assert.Equal(KernelEvent.UnionOffset, s.Offsets["u"]);
    }

    [Fact]
    public void Union_members_match()
    {
        // Anonymous structs inside the union: find each by its distinctive member names.
        var runq = Member("culprit_pid");
        Assert.Equal(RunqPayload.CulpritPidOffset, runq["culprit_pid"]);
        Assert.Equal(RunqPayload.CulpritTgidOffset, runq["culprit_tgid"]);
        Assert.Equal(RunqPayload.CulpritCommOffset, runq["culprit_comm"]);
        Assert.Equal(RunqPayload.WaitCpuOffset, runq["wait_cpu"]);
        Assert.Equal(RunqPayload.ReasonOffset, runq["reason"]);
        Assert.Equal(RunqPayload.CulpritPrioOffset, runq["culprit_prio"]);
        var irq = Member("ret");
        Assert.Equal(IrqPayload.IrqOffset, irq["irq"]);
        Assert.Equal(IrqPayload.RetOffset, irq["ret"]);
        Assert.Equal(IrqPayload.NameOffset, irq["name"]);
        var net = Member("queue");
        Assert.Equal(NetTxPayload.IfindexOffset, net["ifindex"]);
        Assert.Equal(NetTxPayload.QueueOffset, net["queue"]);
        Assert.Equal(NetTxPayload.LenOffset, net["len"]);
        Assert.Equal(NetTxPayload.NetnsOffset, net["netns"]);
        Assert.Equal(NetTxPayload.DevOffset, net["dev"]);
        var napi = Member("napi_id");
        Assert.Equal(NapiPayload.IfindexOffset, napi["ifindex"]);
        Assert.Equal(NapiPayload.NapiIdOffset, napi["napi_id"]);
        Assert.Equal(NapiPayload.WorkOffset, napi["work"]);
        Assert.Equal(NapiPayload.BudgetOffset, napi["budget"]);
        Assert.Equal(NapiPayload.DevOffset, napi["dev"]);
        Assert.Equal(SoftirqPayload.VecOffset, Member("vec")["vec"]);
    }

    [Fact]
    public void Counters_match_struct_tm_counters()
    {
        var s = Btf.Value["tm_counters"];
        Assert.Equal(System.Runtime.CompilerServices.Unsafe.SizeOf<ProbeCounters>(), s.Size);
        Assert.Equal(0, s.Offsets["seen"]);
        Assert.Equal(8, s.Offsets["streamed"]);
        Assert.Equal(16, s.Offsets["dropped"]);
        Assert.Equal(24, s.Offsets["below_min"]);
        Assert.Equal(32, s.Offsets["no_storage"]);
        Assert.Equal(40, s.Offsets["end_unseen"]);
        Assert.Equal(48, s.Offsets["start_unseen"]);
    }

    private static Dictionary<string, int> Member(string distinctive) =>
        Btf.Value.Values.First(v => v.Offsets.ContainsKey(distinctive) && v.Size == 32).Offsets;

    /// <summary>Parses `bpftool btf dump file sched.bpf.o format raw`: STRUCT/UNION lines and their member lines.</summary>
    private static Dictionary<string, (int, Dictionary<string, int>)> ReadBtf()
    {
        string obj = Path.Combine(KernelProbes.ObjectDirectory, "sched.bpf.o");
        var psi = new ProcessStartInfo("bpftool", ["btf", "dump", "file", obj, "format", "raw"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var lines = p.StandardOutput.ReadToEnd().Split('\n');
        p.WaitForExit();
        var result = new Dictionary<string, (int, Dictionary<string, int>)>();
        var header = new Regex(@"^\[(\d+)\] (STRUCT|UNION) '([^']*)' size=(\d+) vlen=(\d+)");
        var member = new Regex(@"^\s+'([^']*)' type_id=\d+ bits_offset=(\d+)");
        int anon = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var m = header.Match(lines[i]);
            if (!m.Success) continue;
            string name = m.Groups[3].Value == "(anon)" ? $"anon{anon++}" : m.Groups[3].Value;
            var offsets = new Dictionary<string, int>();
            int vlen = int.Parse(m.Groups[5].Value);
            for (int j = 1; j <= vlen; j++)
            {
                var mm = member.Match(lines[i + j]);
                if (mm.Success) offsets[mm.Groups[1].Value] = int.Parse(mm.Groups[2].Value) / 8;
            }
            result[name] = (int.Parse(m.Groups[4].Value), offsets);
        }
        return result;
    }
}
