using Microsoft.Extensions.Configuration;
using TradingMon.Core;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// The configuration layers of <c>tradingmon monitor</c>, lowest first: built-in defaults, the config
/// file (--config FILE, else ./configs/tradingmon.json, else the copy beside the binary), environment
/// variables prefixed <see cref="EnvironmentPrefix"/> (<c>TRADINGMON_alerts__stream=2001</c>: '__' separates
/// sections), then the command line. Added to the Generic Host's configuration.
/// </summary>
public sealed class MonitorConfiguration
{
    public const string EnvironmentPrefix = "TRADINGMON_";
    public const string DefaultFileName = "tradingmon.json";

    private readonly Dictionary<IConfigurationProvider, string> _layerNames = new();

    private MonitorConfiguration(string? file) => File = file;

    /// <summary>The config file in effect; null = none found, built-in defaults only.</summary>
    public string? File { get; }

    /// <summary>Finds the config file and adds every layer to <paramref name="builder"/>.</summary>
    /// <param name="explicitFile">--config FILE: must exist.</param>
    /// <param name="commandLine">Keys set by command-line options (highest precedence).</param>
    public static (MonitorConfiguration Layers, MonitorSettings Settings) Build(IConfigurationManager builder, string? explicitFile, IDictionary<string, string?> commandLine)
    {
        string? file = explicitFile is null ? FindDefaultFile() : Path.GetFullPath(explicitFile);
        if (file is not null && !System.IO.File.Exists(file))
            throw new TradingMonException($"config file {file} does not exist; pass an existing file with --config, or leave it out to use configs/{DefaultFileName}");
        var layers = new MonitorConfiguration(file);
        string configDir = file is null ? DefaultConfigDir() : Path.GetDirectoryName(file)!;

        builder.AddInMemoryCollection(MonitorSettings.Defaults(Path.Combine(DefaultConfigDir(), "rules.json")));
        try
        {
            // ConfigurationManager loads a source as it is added: a JSON syntax error surfaces here.
            if (file is not null) builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            throw new TradingMonException($"config file {file}: not valid JSON ({e.InnerException?.Message ?? e.Message}); fix the syntax", e);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(commandLine);

        var root = (IConfigurationRoot)builder;
        var providers = root.Providers.ToArray();
        // Our four layers are the last four providers (the host may have added its own before them).
        int first = providers.Length - (file is null ? 3 : 4);
        layers._layerNames[providers[first]] = "built-in defaults";
        if (file is not null) layers._layerNames[providers[first + 1]] = $"config file {file}";
        layers._layerNames[providers[^2]] = $"environment ({EnvironmentPrefix}* variables)";
        layers._layerNames[providers[^1]] = "command line";
        return (layers, MonitorSettings.From(root, configDir, layers.Describe));
    }

    private string Describe(IConfigurationProvider p) => _layerNames.TryGetValue(p, out var name) ? name : p.ToString() ?? "configuration";

    /// <summary>./configs/tradingmon.json (running from a checkout), else the copy the build puts beside the binary.</summary>
    private static string? FindDefaultFile()
    {
        foreach (string dir in new[] { Path.Combine(Environment.CurrentDirectory, "configs"), DefaultConfigDir() })
        {
            string f = Path.Combine(dir, DefaultFileName);
            if (System.IO.File.Exists(f)) return f;
        }
        return null;
    }

    private static string DefaultConfigDir() => Path.Combine(AppContext.BaseDirectory, "configs");
}
