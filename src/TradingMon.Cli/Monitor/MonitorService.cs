using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradingMon.Actors;
using TradingMon.Actors.Actors;
using TradingMon.Actors.Rules;
using TradingMon.Engine;
using Spectre.Console;
using TradingMon.Kernel;

namespace TradingMon.Cli.Monitor;

/// <summary>
/// Runs the <see cref="MonitorEngine"/> inside the Generic Host, on the host's Akka.NET actor system.
/// Starts it, shows the periodic report (the live view when <see cref="MonitorSettings.Tui"/>, else plain
/// text), stops the host at --duration; on stop (that, or SIGINT/SIGTERM
/// through the host's console lifetime) shuts down in the order that loses nothing: readers and ring
/// drained, last interval closed, probes detached, .hlog and JSON summary written, Aeron EOS sent.
/// </summary>
/// <remarks>Registered after Akka.Hosting's service, so the host stops it before the actor system.</remarks>
public sealed class MonitorService(MonitorSettings settings, RuleSet rules, AlertFeed feed, IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private MonitorEngine? _engine;
    private Task _reportLoop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new EngineOptions
        {
            Probes = new ProbeOptions
            {
                Sources = settings.Sources,
                Cpus = settings.Cpus,
                RingBytes = settings.KernelRingBytes,
                MinLatencyNs = settings.MinLatencyNs,
            },
            Reader = new ReaderOptions { Cpu = settings.ReaderCpu, Wait = settings.ReaderWait },
            RingSize = settings.RingSize,
            RingWait = settings.RingWait,
            Actors = new MonitorOptions { Interval = settings.Interval },
        };
        if (settings.LowLatency) options = options.WithLowLatency(settings.ReaderCpu);
        var system = services.GetRequiredService<ActorSystem>();
        _engine = MonitorEngine.Start(options, rules, feed.Sink, system, w => Console.Error.WriteLine($"tradingmon monitor: warning: {w}"));
        string setup = $"{string.Join(", ", _engine.Probes.Select(p => p.Source.Name))} on CPUs {(settings.Cpus is null ? "all" : string.Join(',', settings.Cpus))}; " +
                       $"{rules.Rules.Count} rules from {settings.RulesPath}; alerts on {settings.AlertChannel} stream {settings.AlertStream}; " +
                       $"{(settings.Duration is { } d ? $"for {d.TotalSeconds:F0}s" : "until SIGINT/SIGTERM")}";
        Console.WriteLine($"tradingmon monitor: watching {setup}");
        foreach (string skipped in rules.Skipped) Console.WriteLine($"tradingmon monitor: rule skipped: {skipped}");
        _reportLoop = Task.Run(() => settings.Tui == true ? LiveLoop(setup) : ReportLoop(s => Console.WriteLine(MonitorReport.Format(s))), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The report loop inside a Spectre.Console live display. The display ends (cursor shown again, last
    /// frame left on screen) when the loop returns, which StopAsync awaits before printing anything else.
    /// </summary>
    private Task LiveLoop(string setup) =>
        AnsiConsole.Live(MonitorLiveView.Waiting(setup, settings.ReportEvery)).AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(live => ReportLoop(s =>
            {
                live.UpdateTarget(MonitorLiveView.Render(s, setup));
                live.Refresh();
            }));

    private async Task ReportLoop(Action<MonitorSnapshot> show)
    {
        var end = settings.Duration is { } d ? _engine!.StartedUtc + d : DateTime.MaxValue;
        var next = _engine!.StartedUtc + settings.ReportEvery;
        try
        {
            while (true)
            {
                var now = DateTime.UtcNow;
                if (now >= end) break;
                var wakeAt = settings.ReportEvery > TimeSpan.Zero && next < end ? next : end;
                await Task.Delay(wakeAt > now ? Min(wakeAt - now, TimeSpan.FromDays(1)) : TimeSpan.Zero, _stopping.Token);
                if (settings.ReportEvery > TimeSpan.Zero && DateTime.UtcNow >= next && DateTime.UtcNow < end)
                {
                    await ShowReport(show);
                    next += settings.ReportEvery;
                }
            }
            lifetime.StopApplication(); // --duration reached: the same orderly stop as SIGTERM
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync does the final work.
        }
        catch (Exception e)
        {
            // The report is not worth the process: say what happened; SIGINT/SIGTERM still stop cleanly.
            Console.Error.WriteLine($"tradingmon monitor: warning: periodic report stopped: {e.Message}");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task ShowReport(Action<MonitorSnapshot> show)
    {
        // A report is worth less than the next one: if the actors are slow to answer, skip it (and say so)
        // rather than let it hold up the following reports or the shutdown.
        var query = _engine!.Actors.QueryAsync(null, settings.ReportEvery + TimeSpan.FromSeconds(5));
        if (await Task.WhenAny(query, Task.Delay(Timeout.Infinite, _stopping.Token)) != query) return;
        try
        {
            var stats = await query;
            show(MonitorSnapshot.Take(DateTime.UtcNow - _engine.StartedUtc, stats, _engine.Counters(), feed));
        }
        catch (AskTimeoutException)
        {
            Console.Error.WriteLine("tradingmon monitor: warning: report skipped: the actors did not answer in time");
        }
    }

    /// <summary>The last query; on an overloaded host the actors may answer late, so it is asked twice before giving up.</summary>
    private async Task<MonitorStats> FinalStats()
    {
        try
        {
            return await _engine!.QueryAsync();
        }
        catch (AskTimeoutException)
        {
            Console.Error.WriteLine("tradingmon monitor: warning: the actors did not answer the final query within 30 s; asking once more");
            return await _engine!.Actors.QueryAsync(null, TimeSpan.FromSeconds(60));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await _reportLoop;
        if (_engine is null) return;
        var duration = DateTime.UtcNow - _engine.StartedUtc;
        if (!_engine.Stop()) Console.Error.WriteLine("tradingmon monitor: warning: the ring consumer did not drain in time; the summary may miss the last events");
        var stats = await FinalStats();
        var counters = _engine.Counters();
        Console.WriteLine(MonitorReport.Format(MonitorSnapshot.Take(duration, stats, counters, feed)));
        if (settings.HlogDir is { } dir)
        {
            var written = await _engine.WriteHlogAsync(Path.Combine(dir, "tradingmon.hlog"));
            Console.WriteLine($"tradingmon monitor: wrote {written.Histograms} interval histograms of {written.Keys} keys to {written.Path}");
        }
        // Give the alert log actor one drain period for the last alerts' lines, then say EOS on Aeron.
        await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        feed.Dispose();
        if (settings.JsonSummary is { } path)
        {
            JsonSummary.Write(path, Environment.MachineName, _engine.StartedUtc, duration, stats, counters, feed);
            Console.WriteLine($"tradingmon monitor: wrote summary to {path}");
        }
        _engine.Dispose();
    }
}
