using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using TradingMon.Aeron.Alerts;
using TradingMon.Core;
using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// configs/tradingmon-alerts.xml is what Java and C++ consumers generate their decoders from, so the C#
/// codec must agree with it exactly. These tests read the schema, lay the message out by SBE's rules
/// (fields in order, an explicit offset may only skip forward), and compare with the code and with the
/// bytes the encoder actually writes.
/// </summary>
public class AlertSchemaTests
{
    private static readonly XNamespace Sbe = "http://fixprotocol.io/2016/sbe";
    private static readonly XElement Schema = XDocument.Load(SchemaPath()).Root!;
    private static readonly XElement Types = Schema.Element("types")!;
    private static readonly XElement Message = Schema.Element(Sbe + "message")!;

    private static readonly Dictionary<string, int> PrimitiveSizes = new()
    {
        ["char"] = 1, ["int8"] = 1, ["uint8"] = 1, ["int16"] = 2, ["uint16"] = 2,
        ["int32"] = 4, ["uint32"] = 4, ["int64"] = 8, ["uint64"] = 8, ["float"] = 4, ["double"] = 8,
    };

    private static readonly Dictionary<string, int> CodeOffsets = new()
    {
        ["sequence"] = AlertCodec.SequenceOffset,
        ["kernelTimestampNs"] = AlertCodec.KernelTimestampNsOffset,
        ["detectionTimestampNs"] = AlertCodec.DetectionTimestampNsOffset,
        ["severity"] = AlertCodec.SeverityOffset,
        ["metric"] = AlertCodec.MetricOffset,
        ["cpu"] = AlertCodec.CpuOffset,
        ["keyId1"] = AlertCodec.KeyId1Offset,
        ["keyId2"] = AlertCodec.KeyId2Offset,
        ["observedNs"] = AlertCodec.ObservedNsOffset,
        ["thresholdNs"] = AlertCodec.ThresholdNsOffset,
        ["culpritPid"] = AlertCodec.CulpritPidOffset,
        ["suppressedCount"] = AlertCodec.SuppressedCountOffset,
        ["suppressedWorstNs"] = AlertCodec.SuppressedWorstNsOffset,
    };

    [Fact]
    public void Schema_identity_matches_the_codec()
    {
        Assert.Equal("littleEndian", (string?)Schema.Attribute("byteOrder"));
        Assert.Equal(AlertCodec.SchemaId, (int)Schema.Attribute("id")!);
        Assert.Equal(AlertCodec.SchemaVersion, (int)Schema.Attribute("version")!);
        Assert.Equal("Alert", (string?)Message.Attribute("name"));
        Assert.Equal(AlertCodec.TemplateId, (int)Message.Attribute("id")!);
        var ids = Message.Elements().Select(e => (int)e.Attribute("id")!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Message_header_composite_matches_the_header_flyweight()
    {
        var header = Composite("messageHeader");
        var expected = new (string Name, int Offset)[]
        {
            ("blockLength", SbeMessageHeader.BlockLengthOffset), ("templateId", SbeMessageHeader.TemplateIdOffset),
            ("schemaId", SbeMessageHeader.SchemaIdOffset), ("version", SbeMessageHeader.VersionOffset),
        };
        int offset = 0;
        foreach (var ((name, codeOffset), type) in expected.Zip(header.Elements("type")))
        {
            Assert.Equal(name, (string?)type.Attribute("name"));
            Assert.Equal("uint16", (string?)type.Attribute("primitiveType"));
            Assert.Equal(codeOffset, offset);
            offset += 2;
        }
        Assert.Equal(SbeMessageHeader.Length, offset);
    }

    [Fact]
    public void Root_block_offsets_and_length_match_the_codec()
    {
        var layout = RootBlockLayout();
        Assert.Equal(CodeOffsets.Keys.ToList(), layout.Select(f => f.Name).ToList());
        foreach (var f in layout) Assert.True(CodeOffsets[f.Name] == f.Offset, $"{f.Name}: schema offset {f.Offset}, code {CodeOffsets[f.Name]}");
        int blockLength = (int?)Message.Attribute("blockLength") ?? layout[^1].Offset + layout[^1].Size;
        Assert.Equal(AlertCodec.BlockLength, blockLength);
    }

    [Fact]
    public void Encoder_writes_every_field_where_the_schema_puts_it_with_the_schema_size()
    {
        var alert = AlertSamples.Golden();
        var buffer = new byte[AlertCodec.MaxEncodedLength];
        int length = AlertEncoder.Encode(alert, buffer, out _);
        var block = buffer.AsSpan(SbeMessageHeader.Length, AlertCodec.BlockLength);

        foreach (var f in RootBlockLayout())
        {
            long wire = f.Size switch
            {
                1 => block[f.Offset],
                4 => BinaryPrimitives.ReadInt32LittleEndian(block[f.Offset..]),
                8 => BinaryPrimitives.ReadInt64LittleEndian(block[f.Offset..]),
                _ => throw new InvalidOperationException($"{f.Name}: unexpected size {f.Size}"),
            };
            Assert.True(AlertFieldAsLong(alert, f.Name) == wire, $"{f.Name}: alert {AlertFieldAsLong(alert, f.Name)}, wire {wire}");
        }

        // Var data: in schema order, each a varStringEncoding whose length prefix is the schema's primitive.
        var encoding = Composite("varStringEncoding");
        var lengthType = encoding.Elements("type").Single(t => (string?)t.Attribute("name") == "length");
        Assert.Equal(AlertCodec.VarLengthPrefix, PrimitiveSizes[(string)lengthType.Attribute("primitiveType")!]);
        Assert.Equal(AlertCodec.MaxVarStringLength, (int)lengthType.Attribute("maxValue")!);
        Assert.Equal("UTF-8", (string?)encoding.Elements("type").Single(t => (string?)t.Attribute("name") == "varData").Attribute("characterEncoding"));

        int position = SbeMessageHeader.Length + AlertCodec.BlockLength;
        var data = Message.Elements("data").ToList();
        Assert.Equal(AlertCodec.VarStringCount, data.Count);
        foreach (var d in data)
        {
            Assert.Equal("varStringEncoding", (string?)d.Attribute("type"));
            int n = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(position));
            string wire = Encoding.UTF8.GetString(buffer, position + 2, n);
            string name = (string)d.Attribute("name")!;
            Assert.True(AlertStringField(alert, name) == wire, $"{name}: alert '{AlertStringField(alert, name)}', wire '{wire}'");
            position += 2 + n;
        }
        Assert.Equal(length, position);
    }

    [Fact]
    public void Schema_enums_equal_the_core_enums()
    {
        AssertEnum<AlertSeverity>("Severity");
        AssertEnum<Metric>("Metric");
    }

    [Fact]
    public void Optional_ids_use_minus_one_as_null_like_the_alert_contract()
    {
        var optionalId = Types.Elements("type").Single(t => (string?)t.Attribute("name") == "OptionalId");
        Assert.Equal("optional", (string?)optionalId.Attribute("presence"));
        Assert.Equal(-1, (int)optionalId.Attribute("nullValue")!);
        var optionalFields = Message.Elements("field").Where(f => (string?)f.Attribute("type") == "OptionalId")
            .Select(f => (string)f.Attribute("name")!);
        Assert.Equal(new[] { "cpu", "keyId1", "keyId2" }, optionalFields);
    }

    private static void AssertEnum<T>(string schemaName) where T : struct, Enum
    {
        var e = Types.Elements("enum").Single(x => (string?)x.Attribute("name") == schemaName);
        Assert.Equal("uint8", (string?)e.Attribute("encodingType"));
        Assert.Equal(1, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var schemaValues = e.Elements("validValue").Select(v => ((string)v.Attribute("name")!, int.Parse(v.Value.Trim()))).ToList();
        var codeValues = Enum.GetValues<T>().Select(v => (v.ToString(), Convert.ToInt32(v))).ToList();
        Assert.Equal(codeValues, schemaValues);
    }

    private record struct FieldLayout(string Name, int Offset, int Size);

    /// <summary>SBE layout rules: fields follow each other; an explicit offset may not overlap the previous field.</summary>
    private static List<FieldLayout> RootBlockLayout()
    {
        var layout = new List<FieldLayout>();
        int next = 0;
        foreach (var field in Message.Elements("field"))
        {
            string name = (string)field.Attribute("name")!;
            int size = SizeOf((string)field.Attribute("type")!);
            int offset = (int?)field.Attribute("offset") ?? next;
            Assert.True(offset >= next, $"{name}: offset {offset} overlaps the previous field (ends at {next})");
            layout.Add(new FieldLayout(name, offset, size));
            next = offset + size;
        }
        return layout;
    }

    private static int SizeOf(string type)
    {
        if (PrimitiveSizes.TryGetValue(type, out int size)) return size;
        var declared = Types.Elements().Single(t => (string?)t.Attribute("name") == type);
        return declared.Name.LocalName switch
        {
            "type" => PrimitiveSizes[(string)declared.Attribute("primitiveType")!],
            "enum" => PrimitiveSizes[(string)declared.Attribute("encodingType")!],
            _ => throw new InvalidOperationException($"type {type}: {declared.Name.LocalName} is not a root-block type here"),
        };
    }

    private static XElement Composite(string name) =>
        Types.Elements("composite").Single(c => (string?)c.Attribute("name") == name);

    /// <summary>The Alert field a schema field names (same name, C# casing).</summary>
    private static long AlertFieldAsLong(Alert alert, string name)
    {
        object value = AlertField(name).GetValue(alert)!;
        return value is Enum ? Convert.ToInt64(value) : Convert.ToInt64(value);
    }

    private static string AlertStringField(Alert alert, string name) => AlertField(name).GetValue(alert)!.ToString()!;

    private static FieldInfo AlertField(string schemaName) =>
        typeof(Alert).GetField(char.ToUpperInvariant(schemaName[0]) + schemaName[1..])
        ?? throw new InvalidOperationException($"schema field {schemaName} has no Alert field of the same name");

    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "configs", "tradingmon-alerts.xml");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("configs/tradingmon-alerts.xml not found above " + AppContext.BaseDirectory);
    }
}
