using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class LikelihoodTests
{
    public LikelihoodTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ReportIsMinusTheMeanLogProbWithItsStandardErrorWhateverTheBatchSize()
    {
        using var scope = NewDisposeScope();
        using var model = new Fvsbn(new FvsbnOptions(6)).to(float64);
        using (no_grad())
        {
            model.Weight.copy_(randn(6, 6, float64, generator: new Generator(1)));
            model.Bias.copy_(randn(6, float64, generator: new Generator(2)));
        }

        var data = bernoulli(full(103, 6, 0.4, float64), new Generator(3));
        var logProb = model.LogProb(data).detach();
        var expectedMean = -logProb.mean().item<double>();
        var expectedError = logProb.std().item<double>() / Math.Sqrt(103); // torch's std uses n − 1 as well

        // 103 rows in batches of 10 (a last partial batch) and in one batch: float64 sums agree to ~1e-13.
        foreach (var batchSize in new[] { 10, 500 })
        {
            var report = Likelihood.Evaluate(model, data, batchSize: batchSize);
            Assert.Equal(expectedMean, report.MeanNats, 1e-10);
            Assert.Equal(expectedError, report.StandardError, 1e-10);
            Assert.Equal(103, report.Count);
            Assert.Equal(GenerativeCourse.Probability.Units.BitsPerDimension(expectedMean, 6), report.BitsPerDimension, 1e-12);
        }
    }

    [Fact]
    public void AnUntrainedModelScoresEveryDigitAtDTimesLnTwoNats()
    {
        using var model = new IndependentBernoulli(new IndependentBernoulliOptions(MnistDigits.PixelsPerImage));

        var report = Likelihood.Evaluate(model, MnistDigits.Test);

        // Every pixel a fair coin: exactly 784 ln 2 ≈ 543.4 nats and 1 bit per dimension for any image;
        // float32 per-pixel terms (ln 2 to ~6e-8 relative) summed over 784 pixels stay within 1e-3.
        Assert.Equal(784 * Math.Log(2), report.MeanNats, 1e-3);
        Assert.Equal(1.0, report.BitsPerDimension, 1e-6);
        Assert.True(report.StandardError < 1e-4);
        Assert.Equal(MnistDigits.TestCount, report.Count);
    }

    [Fact]
    public void TheDescriptionStatesTheDataTheSplitItsSizeAndTheBinarization()
    {
        Assert.Equal("MNIST test split (10,000 images), static binarization (seed 2008)", Likelihood.Describe(Mnist.Test));
        Assert.Equal("the 10,000-digit MNIST subset test split (1,000 images), static binarization (seed 2008)", Likelihood.Describe(MnistDigits.Test));
    }
}
