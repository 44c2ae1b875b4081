using System.CommandLine;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradingMon.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Cli.Monitor;
using TradingMon.Core;

namespace TradingMon.Cli.Commands;

/// <summary>
/// `tradingmon monitor`: the long-running product. Reads the layered configuration, validates all of it
/// (rules, CPUs, Aeron endpoint, output directories, privileges, BTF, tracefs) before any probe is
/// attached, then runs <see cref="MonitorService"/> under the Generic Host with Akka.Hosting until
/// --duration or SIGINT/SIGTERM.
/// </summary>
public static class MonitorCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "configuration file (default: configs/tradingmon.json)" };
        var duration = new Option<string?>("--duration") { Description = "how long to run, e.g. 30s (default: until SIGINT/SIGTERM)" };
        var noTui = new Option<bool>("--no-tui") { Description = "plain-text periodic report instead of the live view" };
        var jsonSummary = new Option<string?>("--json-summary") { Description = "write a JSON summary to FILE at exit" };
        var hlogDir = new Option<string?>("--hlog-dir") { Description = "write interval histograms (.hlog) to DIR at exit" };
        var alerts = new Option<string?>("--alerts") { Description = $"Aeron channel for alerts (default {MonitorSettings.DefaultChannel})" };
        var alertStream = new Option<string?>("--alert-stream") { Description = $"Aeron stream id for alerts (default {MonitorSettings.DefaultStream})" };
        var cpus = new Option<string?>("--cpus") { Description = "CPUs to watch, e.g. 0-1 or 1,3 (default: all)" };
        var readerCpu = new Option<string?>("--reader-cpu") { Description = "CPU to pin the ring reader to (default: not pinned)" };
        var rules = new Option<string?>("--rules") { Description = "alert rule file (default: configs/rules.json)" };
        var report = new Option<string?>("--report") { Description = "period of the printed report, e.g. 5s; 0s = none" };
        var cmd = new Command("monitor", "watch run-queue, IRQ, softirq and NIC-queue latency; alert over Aeron")
        {
            config, duration, noTui, jsonSummary, hlogDir, alerts, alertStream, cpus, readerCpu, rules, report,
        };
        cmd.SetAction(r =>
        {
            // Command-line options are the top configuration layer, under the same keys as the file.
            var overrides = new Dictionary<string, string?>();
            void Set(string key, string? value) { if (value is not null) overrides[key] = value; }
            Set("duration", r.GetValue(duration));
            if (r.GetValue(noTui)) overrides["tui"] = "false";
            Set("jsonSummary", r.GetValue(jsonSummary));
            Set("hlogDir", r.GetValue(hlogDir));
            Set("alerts:channel", r.GetValue(alerts));
            Set("alerts:stream", r.GetValue(alertStream));
            Set("cpus", r.GetValue(cpus));
            Set("readerCpu", r.GetValue(readerCpu));
            Set("rules", r.GetValue(rules) is { } rp ? Path.GetFullPath(rp) : null);
            Set("report", r.GetValue(report));
            try
            {
                return Run(r.GetValue(config), overrides);
            }
            catch (Exception e) when (UserError(e) is { } user)
            {
                // Here rather than in Program: System.CommandLine's own handler would print a stack trace.
                Console.Error.WriteLine($"tradingmon monitor: {user.Message}");
                return Program.ExitUsage;
            }
        });
        return cmd;
    }

    private static TradingMonException? UserError(Exception e) => e switch
    {
        TradingMonException t => t,
        AggregateException { InnerExceptions.Count: 1 } a => UserError(a.InnerException!),
        _ => null,
    };

    /// <summary>
    /// The live view needs a terminal to redraw in place: on by default when stdout is one, else (a pipe, a
    /// file, a test harness) the plain report, said on stderr when the configuration asked for the view.
    /// It also needs a period to redraw at: with report 0s there is only the final plain report.
    /// </summary>
    private static bool LiveView(MonitorSettings settings)
    {
        bool terminal = !Console.IsOutputRedirected;
        if (settings.Tui == true && !terminal)
            Console.Error.WriteLine("tradingmon monitor: tui is true but stdout is not a terminal (redirected); printing the plain-text report");
        return (settings.Tui ?? true) && terminal && settings.ReportEvery > TimeSpan.Zero;
    }

    private static int Run(string? configFile, Dictionary<string, string?> overrides)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var (_, settings) = MonitorConfiguration.Build(builder.Configuration, configFile, overrides);
        var ruleSet = RuleFile.Load(settings.RulesPath, SystemInventory.Read(), new MonitorOptions { Interval = settings.Interval });
        MonitorPreflight.Check(settings);
        settings = settings with { Tui = LiveView(settings) };

        var feed = AlertFeed.Open(settings.AlertChannel, settings.AlertStream);
        try
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
            builder.Services.AddAkka("tradingmon", (akka, _) => akka
                // The alert log's one line per alert (Info) would scroll the live view off the screen; there the
                // alerts are counted on screen and go out on Aeron, and warnings and errors still print.
                .ConfigureLoggers(l => l.LogLevel = settings.Tui == true ? Akka.Event.LogLevel.WarningLevel : Akka.Event.LogLevel.InfoLevel)
                // SIGTERM makes the runtime run ProcessExit handlers; Akka's would terminate the actor system
                // while MonitorService still drains and queries it. The host stops Akka after our service instead.
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend));
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton(ruleSet);
            builder.Services.AddSingleton(feed);
            builder.Services.AddHostedService<MonitorService>();
            using var host = builder.Build();
            host.Run();
            return Program.ExitOk;
        }
        finally
        {
            feed.Dispose();
        }
    }
}
