using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

/// <summary>
/// <see cref="TestSplitScores.DiffusionBound"/>: the mean over test images of the stratified variational bound in bits
/// per dimension, of the unconditional model, recomputed by hand on an untrained U-Net (C = 8, 2 × 2 patches, T = 20).
/// </summary>
public sealed class DiffusionBoundScoreTests
{
    public DiffusionBoundScoreTests() => TorchSharpNative.EnsureLoaded();

    private static Ddpm Model(int classes) =>
        new DdpmModelOptions(new DiffusionUNetOptions(Channels: 8, Multipliers: [1, 2], Classes: classes, Groups: 4, PatchSize: 2), Steps: 20).Build(new Generator(1));

    [Fact]
    public void TheScoreIsTheMeanBoundPerImageOverDLn2WithTheNullLabel()
    {
        const int images = 130, strata = 3;     // batches of 100 and 30
        const ulong seed = 7;
        using var model = Model(classes: 3);

        var score = TestSplitScores.DiffusionBound(model, images, strata, seed);

        // By hand: the same batches of 100, one generator for all of them, ∅ for every image.
        var bits = new List<double>();
        using (var scope = NewDisposeScope())
        {
            var bytes = Mnist.Test.Images(PixelEncoding.Raw).narrow(0, 0, images);
            var generator = new Generator(seed);
            for (var start = 0; start < images; start += 100)
            {
                var count = Math.Min(100, images - start);
                var x0 = ((bytes.narrow(0, start, count) * (2.0 / 255)) - 1).reshape(count, 1, 28, 28);
                var bound = model.VariationalBound(x0, full(count, -1L, dtype: ScalarType.Int64), strata, generator, clipDenoised: true);
                bits.AddRange(bound.Total.data<double>().ToArray().Select(nats => nats / (784 * Math.Log(2))));
            }
        }

        var mean = bits.Average();
        var standardError = Math.Sqrt(bits.Sum(b => (b - mean) * (b - mean)) / (images - 1) / images);
        Assert.Equal(QualityMetric.BoundBitsPerDimension, score.Metric);
        // Identical float64 arithmetic on identical draws, summed in another order: 1e-12 relative.
        Assert.Equal(mean, score.Value, 1e-10);
        Assert.Equal(standardError, score.StandardError, 1e-10);
        Assert.Equal(
            "MNIST test split (the first 130 of 10,000 images), 8-bit grey levels; variational bound, 3 stratified steps per image (seed 7), x̂_0 clipped to [−1, 1] as in sampling, null label ∅",
            score.Description);
    }

    [Fact]
    public void AnUnconditionalModelIsScoredWithoutALabel()
    {
        using var model = Model(classes: 0);

        var score = TestSplitScores.DiffusionBound(model, 2, 1, seed: 3);

        Assert.EndsWith("1 stratified step per image (seed 3), x̂_0 clipped to [−1, 1] as in sampling", score.Description, StringComparison.Ordinal);
        Assert.True(score.Value > 0 && double.IsFinite(score.Value), $"{score.Value}");
    }
}
