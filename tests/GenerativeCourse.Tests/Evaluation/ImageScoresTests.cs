using GenerativeCourse.Evaluation;
using GenerativeCourse.Models;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

/// <summary>The one scoring loop: per-image values, their mean and standard error, whatever the batch size.</summary>
public sealed class ImageScoresTests
{
    public ImageScoresTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void MeanAndStandardErrorAreThoseOfTheKnownPerImageValues()
    {
        using var scope = NewDisposeScope();
        // Image i (1 … 10) has −log p = i nats under RowSum, so x̄ = 5.5 and s² = n(n + 1)/12 = 110/12 for 1 … n.
        var images = Images(10);

        var summary = ImageScores.Mean(images, 4, RowSum.NegativeLogProb, "ten known images");
        var report = Likelihood.Evaluate(new RowSum(), images, "ten known images", batchSize: 3);

        var expectedError = Math.Sqrt(110.0 / 12 / 10);
        Assert.Equal(5.5, summary.Mean, 1e-12);            // integers in float64: exact up to the division
        Assert.Equal(expectedError, summary.StandardError, 1e-12);
        Assert.Equal(10, summary.Count);
        Assert.Equal("ten known images", summary.Description);
        Assert.Equal(5.5, report.MeanNats, 1e-12);          // Likelihood goes through the same loop
        Assert.Equal(expectedError, report.StandardError, 1e-12);
        Assert.Equal(0, ScoreSummary.Of([7.25], "one image").StandardError);   // one image has no spread to estimate
    }

    [Fact]
    public void PerImageValuesDoNotDependOnTheBatchSize()
    {
        using var scope = NewDisposeScope();
        var images = Images(23);
        var expected = Enumerable.Range(1, 23).Select(i => (double)i).ToArray();

        // 1 (every image alone), 5 (a last batch of 3), 23 (one batch) and more than n.
        foreach (var batchSize in new[] { 1, 5, 23, 500 })
        {
            Assert.Equal(expected, ImageScores.PerImage(images, batchSize, RowSum.NegativeLogProb));
        }
    }

    [Fact]
    public void AScoreThatDoesNotGiveOneValuePerImageIsRejected()
    {
        using var scope = NewDisposeScope();
        var images = Images(6);

        var error = Assert.Throws<ArgumentException>(() => ImageScores.PerImage(images, 4, x => x.sum()));

        Assert.Contains("one value per image, [4]", error.Message, StringComparison.Ordinal);
    }

    /// <summary>n images of 3 pixels, image i = (i, 0, 0) for i = 1 … n, float32.</summary>
    private static Tensor Images(int n) =>
        cat([arange(1, n + 1, float32).unsqueeze(1), zeros(n, 2)], 1);

    /// <summary>A "model" with log p(x) = −Σ_d x_d: known per-image values, computed row by row.</summary>
    private sealed class RowSum : IDensityModel
    {
        public int Dimensions => 3;

        public static Tensor NegativeLogProb(Tensor x) => x.sum(1);

        public Tensor LogProb(Tensor x) => x.sum(1).neg();

        public Tensor Sample(int n, torch.Generator? generator = null) => throw new NotSupportedException();
    }
}
