using System.Diagnostics;
using Akka.TestKit.Xunit2;
using TradingMon.Actors.Tests.Support;
using Xunit;

namespace TradingMon.Actors.Tests;

/// <summary>
/// A watched cgroup on the real kernel: a child process moved into a fresh cgroup; only events of its
/// thread land in the cgroup's key. (cgroup v2 at /sys/fs/cgroup, or the v1 pids hierarchy.)
/// </summary>
public sealed class WatchedCgroupTests : TestKit
{
    [Fact]
    public async Task Events_of_threads_in_a_watched_cgroup_are_recorded_under_its_key()
    {
        bool v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        string relative = (v2 ? "" : "pids/") + $"tradingmon-actors-test-{Environment.ProcessId}";
        string dir = Path.Combine("/sys/fs/cgroup", relative);
        Directory.CreateDirectory(dir);
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            File.WriteAllText(Path.Combine(dir, v2 ? "cgroup.procs" : "tasks"), child.Id.ToString());
            var clock = new ManualClock();
            var options = Fixture.Options(clock) with { WatchedCgroups = [relative] };
            var actors = MonitorActors.Start(Sys, Rules.RuleSet.Empty, new CollectingAlertSink(), options);

            actors.Feed(
                Events.Runq(0, 10_000, clock.NowNs, pid: child.Id),
                Events.Runq(1, 20_000, clock.NowNs + 1, pid: child.Id),
                Events.Runq(1, 99_000, clock.NowNs + 2, pid: Environment.ProcessId));
            var stats = await actors.TickAsync(clock);

            var cg = stats.Key("sched.runq", "cgroup/" + relative).Summary;
            Assert.Equal(2, cg.Count);
            Assert.InRange(cg.MaxNs, 20_000, 20_020);
            Assert.Equal(3, stats.Keys.Where(k => k.Key.StartsWith("cpu")).Sum(k => k.Summary.Count));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
            for (int i = 0; i < 50 && Directory.Exists(dir); i++)
            {
                try { Directory.Delete(dir); } catch (IOException) { Thread.Sleep(20); } // busy until the killed child is reaped
            }
        }
    }
}
