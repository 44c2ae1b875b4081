namespace TradingMon.PerfLab.Results;

public enum Verdict
{
    WithinNoise,
    Improved,
    Regressed,
    NotEnoughSamples,
}

public static class VerdictText
{
    public static string Text(this Verdict v) => v switch
    {
        Verdict.WithinNoise => "within noise",
        Verdict.Improved => "improved",
        Verdict.Regressed => "regressed",
        Verdict.NotEnoughSamples => "not enough samples",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };
}
