using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingMon.PerfLab.Results;

/// <summary>One JSON style for every file perf-lab writes: snake_case, indented, UTF-8 (invariant numbers by construction).</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value, Options) + "\n");

    public static T Read<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
        ?? throw new JsonException($"{path} holds no JSON value");
}
