using Xunit;

namespace TradingMon.Aeron.Tests;

/// <summary>
/// A test against a real Aeron C media driver and its C samples. Runs only when AERON_BIN_DIR names a
/// directory holding <c>aeronmd</c>, <c>basic_publisher</c> and <c>basic_subscriber</c> (built from the
/// Aeron repository, never part of this one); otherwise it is skipped and says how to enable it.
/// </summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public const string BinDirVariable = "AERON_BIN_DIR";
    public static readonly string[] Binaries = ["aeronmd", "basic_publisher", "basic_subscriber"];

    public InteropFactAttribute()
    {
        string? dir = Environment.GetEnvironmentVariable(BinDirVariable);
        if (string.IsNullOrEmpty(dir))
            Skip = $"{BinDirVariable} is not set: point it at a directory with a built Aeron C media driver and samples ({string.Join(", ", Binaries)}) to run the interop tests";
        else if (Binaries.FirstOrDefault(b => !File.Exists(Path.Combine(dir, b))) is { } missing)
            Skip = $"{BinDirVariable}={dir} has no '{missing}': build the Aeron C driver and samples (cmake targets aeronmd basic_publisher basic_subscriber)";
    }
}
