using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class IndependentCategoricalTests
{
    public IndependentCategoricalTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EveryPixelsHistogramIsADistributionOverTheGreyLevels()
    {
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [50, 6], generator: new Generator(1));

        using var model = IndependentCategorical.Fit(images, smoothing: 0.5);

        Assert.Equal([6L, 256L], model.LogProbabilities.shape);
        var sums = model.LogProbabilities.to(float64).exp().sum(1);
        Assert.True(sums.sub(1).abs().max().item<double>() < 1e-5, $"row sums {sums.min().item<double>()} … {sums.max().item<double>()}");
    }

    [Fact]
    public void LogProbIsTheSumOfTheSmoothedHistogramFrequencies()
    {
        using var scope = NewDisposeScope();
        // Pixel 0 is 0, 0, 255; pixel 1 is 7, 7, 7. With α = 1: π_0(0) = 3/259, π_0(255) = 2/259, π_1(7) = 4/259.
        var images = tensor(new float[] { 0, 7, 0, 7, 255, 7 }).reshape(3, 2);

        using var model = IndependentCategorical.Fit(images, smoothing: 1);
        var logProb = model.LogProb(tensor(new float[] { 0, 7, 255, 7, 1, 1 }).reshape(3, 2));

        var expected = new[]
        {
            Math.Log(3.0 / 259) + Math.Log(4.0 / 259),
            Math.Log(2.0 / 259) + Math.Log(4.0 / 259),
            Math.Log(1.0 / 259) + Math.Log(1.0 / 259),
        };
        Assert.Equal(expected, logProb.to(float64).data<double>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void WithoutDataItIsTheUniformModelAtEightBitsPerDimensionAsForAFlow()
    {
        using var scope = NewDisposeScope();
        using var model = IndependentCategorical.Fit(zeros(1, 784), smoothing: 1e9);
        var images = randint(0, 256, [20, 784], generator: new Generator(2)).to(float32);

        Assert.Equal(8.0, model.BitsPerDimension(images), 4);
        // The number a flow gets for the uniform density on [0, 1]^D: log p = 0, so the log-probability of the bytes
        // (Dequantization.LogProbOfBytes) is −D log 256.
        Assert.Equal(8.0, Dequantization.BitsPerDimension(full(20, -784 * Math.Log(256)), 784).mean().item<float>(), 4);
    }

    [Fact]
    public void AnythingButWholeGreyLevelsIsRefusedWithAMessage()
    {
        using var scope = NewDisposeScope();
        var fraction = Assert.Throws<ArgumentException>(() => IndependentCategorical.Fit(full(2, 3, 0.5f)));
        var tooBright = Assert.Throws<ArgumentException>(() => IndependentCategorical.Fit(full(2, 3, 256f)));
        var vector = Assert.Throws<ArgumentException>(() => IndependentCategorical.Fit(zeros(5)));
        using var model = IndependentCategorical.Fit(zeros(2, 3));
        var width = Assert.Throws<ArgumentException>(() => model.LogProb(zeros(2, 4)));

        Assert.Contains("whole grey levels 0 … 255", fraction.Message, StringComparison.Ordinal);
        Assert.Contains("whole grey levels 0 … 255", tooBright.Message, StringComparison.Ordinal);
        Assert.Contains("[N, D]", vector.Message, StringComparison.Ordinal);
        Assert.Contains("3 pixels, got shape [2, 4]", width.Message, StringComparison.Ordinal);
    }
}
