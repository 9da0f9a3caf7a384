using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class IndependentBernoulliTests
{
    public IndependentBernoulliTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void ProbabilitiesOfAllBinaryVectorsSumToOne(int dimensions)
    {
        using var model = WithRandomLogits(dimensions, seed: (ulong)dimensions).to(float64);

        // float64: 4,096 terms each with relative rounding ~1e-15, so 1e-10 is loose yet would catch any
        // mistake in the formula (a wrong sign or a missing softplus changes the sum by far more).
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-10);
    }

    [Fact]
    public void ProbabilitiesSumToOneInFloat32Too()
    {
        using var model = WithRandomLogits(12, seed: 3);

        // float32 log-probabilities of 12 terms of size ≤ ~5 carry ~1e-6 error each; 1e-5 is the bound.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float32), 1e-5);
    }

    [Fact]
    public void LogProbIsTheSumOfThePerPixelLogProbabilities()
    {
        using var scope = NewDisposeScope();
        using var model = new IndependentBernoulli(new IndependentBernoulliOptions(3)).to(float64);
        using (no_grad())
        {
            model.Logits.copy_(tensor(new[] { 0.0, Math.Log(3), -Math.Log(4) })); // p = 1/2, 3/4, 1/5
        }

        var logProb = model.LogProb(tensor(new[] { 1.0, 0.0, 1.0 }).reshape(1, 3)).item<double>();

        Assert.Equal(Math.Log(0.5 * 0.25 * 0.2), logProb, 1e-15);
    }

    [Fact]
    public void SamplingFrequenciesAgreeWithLogProb()
    {
        using var model = WithRandomLogits(4, seed: 11);

        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, samples: 20_000, seed: 12);

        Assert.True(smallestExpected >= 5, $"χ² needs expected counts ≥ 5, smallest is {smallestExpected:F1}");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} ≥ {DensityModelChecks.ChiSquareCritical15}");
    }

    [Fact]
    public void SamplesAreBinaryAndReproducibleWithTheSameGenerator()
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomLogits(6, seed: 13);

        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 50, seed: 99);
    }

    [Fact]
    public void FitMarginalsSetsTheSmoothedPixelFrequencies()
    {
        using var scope = NewDisposeScope();
        using var model = new IndependentBernoulli(new IndependentBernoulliOptions(3));
        // Column frequencies 3/4, 0/4, 4/4.
        var data = tensor(new float[] { 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1 }).reshape(4, 3);

        model.FitMarginals(data, pseudoCount: 1);

        // (count + 1) / (4 + 2) = 4/6, 1/6, 5/6; float32 logits are exact to ~1e-7.
        var p = sigmoid(model.Logits).data<float>().ToArray();
        Assert.Equal(4 / 6.0, p[0], 1e-6);
        Assert.Equal(1 / 6.0, p[1], 1e-6);
        Assert.Equal(5 / 6.0, p[2], 1e-6);
    }

    private static IndependentBernoulli WithRandomLogits(int dimensions, ulong seed)
    {
        var model = new IndependentBernoulli(new IndependentBernoulliOptions(dimensions));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Logits in (−2, 2): probabilities 0.12 … 0.88, so every 4-D outcome is likely enough for χ².
        model.Logits.copy_((rand(dimensions, generator: new Generator(seed)) * 4) - 2);
        return model;
    }
}
