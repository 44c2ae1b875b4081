using System.Diagnostics;
using Xunit;

namespace TradingMon.Aeron.Tests;

public static class Eventually
{
    /// <summary>Runs <paramref name="step"/> until <paramref name="done"/> holds; fails after a generous timeout.</summary>
    public static void Until(Func<bool> done, Action step, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout.TotalSeconds} s: {describe()}");
            step();
        }
    }
}
