using System.Globalization;
using System.Text.Json.Nodes;
using TradingMon.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TradingMon.PerfLab.Scenarios;

/// <summary>
/// A YAML scenario as the JSON it stands for. YAML scalars carry no type, so a plain (unquoted) scalar
/// that reads as a number, true/false or null becomes one (<c>cpu: 1</c>, <c>p99: 1.25</c>); everything
/// else, and every quoted scalar, stays a string (<c>duration: 10s</c>). Mapping keys are always names.
/// </summary>
public static class YamlScenario
{
    public static string ToJson(string yaml, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new TradingMonException($"{path}: not valid YAML at line {e.Start.Line}: {e.Message}"); }
        // YamlDotNet's document loader stops with this, not a YamlException, at some unclosed { } / [ ] blocks.
        catch (InvalidOperationException e) { throw new TradingMonException($"{path}: not valid YAML (is a {{ }} or [ ] block left open?): {e.Message}"); }
        if (stream.Documents.Count != 1)
            throw new TradingMonException($"{path}: a YAML scenario holds exactly one document; this file has {stream.Documents.Count}");
        return (Convert(stream.Documents[0].RootNode, path) ?? new JsonObject()).ToJsonString();
    }

    private static JsonNode? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode map => Mapping(map, path),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => Convert(c, path)).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new TradingMonException($"{path}: line {node.Start.Line}: unsupported YAML node"),
    };

    private static JsonObject Mapping(YamlMappingNode map, string path)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new TradingMonException($"{path}: line {key.Start.Line}: a key must be a plain name");
            if (o.ContainsKey(name)) throw new TradingMonException($"{path}: line {key.Start.Line}: key '{name}' appears twice");
            o[name] = Convert(value, path);
        }
        return o;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(text);
        if (text is "" or "~" or "null") return null;
        if (text is "true" or "false") return JsonValue.Create(text == "true");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
