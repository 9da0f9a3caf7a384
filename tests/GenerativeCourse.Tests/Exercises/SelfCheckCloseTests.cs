using GenerativeCourse.Exercises;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Exercises;

/// <summary>SelfCheck.Close: a by-hand computation that disagrees with the library fails, with the largest gap.</summary>
public sealed class SelfCheckCloseTests
{
    public SelfCheckCloseTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TensorsWithinTheToleranceAreConfirmedWithTheirLargestDifference()
    {
        using var ours = tensor(new[] { 1.0f, 2.0f, 3.0f });
        using var library = tensor(new[] { 1.0, 2.0000005, 3.0 });

        Assert.Equal("✓ sums: largest difference 5.0E-007 (tolerance 1E-006)", SelfCheck.Close("sums", ours, library, 1e-6));
    }

    [Fact]
    public void ADifferenceBeyondTheToleranceFailsNamingWhatAndHowMuch()
    {
        using var ours = tensor(new[] { 1.0f, 2.5f });
        using var library = tensor(new[] { 1.0f, 2.0f });

        var error = Assert.Throws<DisagreementException>(() => SelfCheck.Close("logits by hand vs Nade.forward", ours, library, 1e-3));

        Assert.Equal("logits by hand vs Nade.forward", error.What);
        Assert.StartsWith("logits by hand vs Nade.forward: the largest difference is 5.00E-001, more than the tolerance 1.0E-003.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNAndDifferentShapesNeverAgree()
    {
        using var nan = tensor(new[] { float.NaN, 1f });
        using var one = tensor(new[] { 1f, 1f });
        using var column = ones(2, 1);

        Assert.Throws<DisagreementException>(() => SelfCheck.Close("nan", nan, one, 1e9));
        Assert.Contains("the shapes differ: [2] against the library's [2, 1]",
            Assert.Throws<DisagreementException>(() => SelfCheck.Close("shapes", one, column, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<DisagreementException>(() => SelfCheck.Close("numbers", double.NaN, 0, 1));
        Assert.Equal("✓ numbers: largest difference 2.0E-002 (tolerance 5E-002)", SelfCheck.Close("numbers", 2135.15, 2135.13, 0.05));
    }
}
