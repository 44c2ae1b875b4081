using Xunit;

namespace TradingMon.Cli.Tests;

/// <summary>
/// Every error a user must be able to act on: exit code 2, one line on stderr naming the problem and the
/// fix, no stack trace, and nothing attached (these fail before any probe is loaded).
/// </summary>
public sealed class MonitorErrorTests
{
    private static void AssertUserError((int Code, string Stdout, string Stderr) r, params string[] expected)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}; stdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Stderr}");
        Assert.DoesNotContain("   at ", r.Stderr);
        foreach (var e in expected) Assert.Contains(e, lines[0]);
    }

    private static (int, string, string) Monitor(params string[] args) => Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui", "--alerts", "aeron:udp?endpoint=127.0.0.1:40301", .. args]);

    [Fact]
    public void Unknown_config_key_names_file_key_and_allowed_keys()
    {
        using var dir = new TempDir();
        string cfg = dir.File("tm.json", """{ "duratoin": "5s" }""");
        AssertUserError(Monitor("--config", cfg), $"config file {cfg}", "unknown key 'duratoin'", "allowed keys:", "duration");
    }

    [Fact]
    public void Bad_config_value_names_file_key_value_and_what_is_allowed()
    {
        using var dir = new TempDir();
        string cfg = dir.File("tm.json", """{ "ringWait": "snooze" }""");
        AssertUserError(Monitor("--config", cfg), $"config file {cfg}", "key 'ringWait'", "'snooze'", "allowed:", "busy-spin");
    }

    [Fact]
    public void Config_that_is_not_json_is_named()
    {
        using var dir = new TempDir();
        string cfg = dir.File("tm.json", """{ "duration": """);
        AssertUserError(Monitor("--config", cfg), cfg, "not valid JSON");
    }

    [Fact]
    public void Missing_config_file_is_named()
    {
        AssertUserError(Monitor("--config", "/nonexistent/tm.json"), "/nonexistent/tm.json does not exist", "--config");
    }

    [Fact]
    public void Bad_environment_value_names_the_environment_layer()
    {
        var r = Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui"], env: new Dictionary<string, string> { ["TRADINGMON_alerts__stream"] = "many" });
        AssertUserError(r, "environment (TRADINGMON_* variables)", "key 'alerts:stream'", "'many'");
    }

    [Fact]
    public void Unknown_latency_mode_lists_the_modes()
    {
        var r = Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui"], env: new Dictionary<string, string> { ["TRADINGMON_latencyMode"] = "fast" });
        AssertUserError(r, "environment (TRADINGMON_* variables)", "key 'latencyMode'", "'fast'", "default or low");
    }

    [Fact]
    public void Bad_duration_on_the_command_line()
    {
        AssertUserError(Tradingmon.Run(["monitor", "--duration", "soon", "--no-tui"]), "command line", "key 'duration'", "'soon'", "30s");
    }

    [Fact]
    public void Unknown_cpu_is_named_with_the_cpus_that_exist()
    {
        AssertUserError(Monitor("--cpus", "1,64"), "CPU 64 does not exist", $"CPUs 0-{Environment.ProcessorCount - 1}");
    }

    [Fact]
    public void Bad_rule_file_names_file_rule_and_field()
    {
        using var dir = new TempDir();
        string rules = dir.File("rules.json", """{ "rules": [ { "id": "r1", "metric": "sched.nope", "statistic": "value", "threshold": "1ms" } ] }""");
        AssertUserError(Monitor("--rules", rules), rules, "r1", "metric");
    }

    [Fact]
    public void Aeron_endpoint_that_cannot_be_resolved()
    {
        AssertUserError(Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui", "--alerts", "aeron:udp?endpoint=no-such-host.invalid:40124"]),
            "no-such-host.invalid");
    }

    [Fact]
    public void Aeron_channel_that_is_malformed()
    {
        AssertUserError(Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui", "--alerts", "udp://127.0.0.1:40124"]),
            "invalid Aeron channel", "aeron:udp?endpoint=");
    }

    [Fact]
    public void Output_directory_that_is_not_writable()
    {
        AssertUserError(Monitor("--json-summary", "/proc/tradingmon/s.json"), "--json-summary", "/proc/tradingmon", "writable");
        AssertUserError(Monitor("--hlog-dir", "/proc/tradingmon-hlog"), "--hlog-dir", "/proc/tradingmon-hlog", "writable");
    }

    [Fact]
    public void Not_root_and_no_capabilities()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp", ["DOTNET_NOLOGO"] = "1" };
        var r = Tradingmon.Run(["monitor", "--duration", "1s", "--no-tui", "--alerts", "aeron:udp?endpoint=127.0.0.1:40301"],
            wrapper: "setpriv", wrapperArgs: ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"], env: env);
        AssertUserError(r, "needs root, or CAP_BPF + CAP_PERFMON");
    }

    [Fact]
    public void No_btf()
    {
        // A private mount namespace with an empty tmpfs over /sys/kernel/btf: the kernel looks BTF-less to us only.
        AssertUserError(InMountNamespace("/sys/kernel/btf"), "no BTF", "CONFIG_DEBUG_INFO_BTF");
    }

    [Fact]
    public void Tracefs_not_mounted()
    {
        AssertUserError(InMountNamespace("/sys/kernel/tracing"), "tracefs is not mounted", "mount -t tracefs");
    }

    private static (int, string, string) InMountNamespace(string hide)
    {
        string cmd = $"mount -t tmpfs tm-test-empty {hide} && exec dotnet {Tradingmon.Dll} monitor --duration 1s --no-tui --alerts aeron:udp?endpoint=127.0.0.1:40301";
        return Tradingmon.RunShell(cmd);
    }
}
