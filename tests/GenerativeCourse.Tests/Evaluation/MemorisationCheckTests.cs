using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class MemorisationCheckTests
{
    public MemorisationCheckTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void CopiesOfTrainingImagesAreAtDistanceZeroAndFlagged()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(16);
        var train = rand(3000, 1, 28, 28, generator: generator);
        var test = rand(1000, 1, 28, 28, generator: generator);
        var copied = new long[] { 5, 17, 2999, 400 };
        var generated = cat([train.index_select(0, tensor(copied)), rand(96, 1, 28, 28, generator: generator)]);

        var report = MemorisationCheck.Compute(generated, train, test);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], report.Generated.Distances.Take(4));
        Assert.Equal(copied, report.Generated.Indices.Take(4));
        Assert.True(report.Threshold > 0);
        Assert.Equal([0, 1, 2, 3], report.Flagged.Take(4).Order());
        Assert.True(report.Flagged.Count < 4 + 5, report.ToString());   // the 96 fresh images: ~1 % flagged
        // The threshold is the test distance of rank ⌊0.01·999⌋ = 9 (0-based): 9 test images lie strictly below it.
        Assert.Equal(9, report.Test.Distances.Count(d => d < report.Threshold));
    }

    [Fact]
    public void FreshDrawsAreFlaggedAtAboutThePercentileRate()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(17);
        var train = randn(4000, 20, generator: generator);
        var test = randn(2000, 20, generator: generator);
        var generated = randn(4000, 20, generator: generator);

        var report = MemorisationCheck.Compute(generated, train, test, space: "features");
        // The threshold is the test distance of rank ⌊0.01·1999⌋ = 19 (0-based), so a fresh draw falls below it with
        // probability 19/2001 ≈ 0.95 %, averaged over the test draws. Over 4,000 fresh draws the count's standard
        // deviation combines binomial noise (√38 ≈ 6) and the threshold's own noise (rank 19 ± √19 among 2,000: ±22 %
        // of the rate, ±8 samples): about 10. Allow 0–3 % (0–120; expected 38).
        Assert.InRange(report.FlaggedFraction, 0.0, 0.03);
        Assert.Equal(report.TestMedian, report.GeneratedMedian, 0.05 * report.TestMedian);   // same distribution
        Assert.Equal(19, report.Test.Distances.Count(d => d < report.Threshold));
    }

    [Fact]
    public void ChecksInPixelsAndInFeaturesAndNamesMismatchedSizes()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(18);
        var train = rand(500, 1, 28, 28, generator: generator);
        var test = rand(200, 1, 28, 28, generator: generator);
        var generated = rand(30, 1, 28, 28, generator: generator);
        var projection = randn(784, 16, generator: generator);
        Func<Tensor, Tensor> features = x => x.reshape(x.shape[0], -1).matmul(projection);          // [n, 16]

        var (pixels, inFeatures) = MemorisationCheck.InPixelsAndFeatures(generated, train, test, features);
        var direct = MemorisationCheck.Compute(features(generated), features(train), features(test), "features");
        Assert.Equal("pixels", pixels.Space);
        Assert.Equal(MemorisationCheck.Compute(generated.reshape(30, 784), train, test).Generated.Distances, pixels.Generated.Distances);
        Assert.Equal("features", inFeatures.Space);
        Assert.Equal(direct.Generated.Indices, inFeatures.Generated.Indices);
        Assert.Equal(direct.Test.Distances, inFeatures.Test.Distances);

        var error = Assert.Throws<ArgumentException>(() => MemorisationCheck.Compute(rand(3, 783), train, test));
        Assert.Equal("generated", error.ParamName);
        Assert.Contains("train has d = 784, generated has d = 783", error.Message, StringComparison.Ordinal);
        Assert.Equal("percentile", Assert.Throws<ArgumentOutOfRangeException>(() => MemorisationCheck.Compute(test, train, test, percentile: 0)).ParamName);
    }
}
