using GenerativeCourse.Catalog;
using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>The RBM row: an AIS estimate, said to be one, close to the exact value where that can be computed.</summary>
public sealed class AisScoreTests
{
    public AisScoreTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void AnAisScoreIsPrintedAsAnEstimate()
    {
        var score = new QualityScore(QualityMetric.AisNll, 120.04, 1.1, "test split; AIS estimate of log Z (100 runs, 10,000 temperatures)");

        Assert.Equal("NLL ≈ 120.0 nats (AIS)", score.Short);
        Assert.Equal("nats", score.Unit);
        Assert.Equal(QualityMetric.AisNll, ModelCatalog.Get("rbm").Metric);
    }

    [Fact]
    public void AisNllOfASmallRbmIsCloseToItsExactNll()
    {
        // H = 12: log Z is a sum over 2^12 hidden states. Untrained weights of scale 0.1 put the model away from the
        // independent pixels (≈ 197 nats on the first 200 test images), so AIS has something to anneal. With 100 runs × 1,000
        // temperatures it lands 0.012 nats below the exact NLL at this seed (optimistic, as AIS tends to be); 0.1 allows
        // for about 8 times that, while a missing H log 2 (8.3 nats) or a sign error would be far outside.
        using var rbm = new Rbm(new RbmOptions(Mnist.PixelsPerImage, Hidden: 12, InitialScale: 0.1), new torch.Generator(4));
        using (var train = Mnist.Train.Images(PixelEncoding.StaticBinary))
        {
            rbm.SetVisibleBiasToLogOdds(train);
        }

        var settings = new EvaluationSettings(TestImages: 200, AisRuns: 100, AisTemperatures: 1000);
        var estimate = TestScores.AisNll(rbm, settings);
        using var test = Mnist.Test.Images(PixelEncoding.StaticBinary);
        using var first = test.narrow(0, 0, 200);
        var exact = RbmLikelihood.Evaluate(rbm, first, RbmPartitionFunction.Exact(rbm));

        Assert.Equal(exact.MeanNats, estimate.Value, 0.1);
        Assert.Equal(exact.Likelihood.StandardError, estimate.StandardError, 1e-9);
        Assert.Contains("AIS estimate of log Z (100 runs, 1,000 temperatures)", estimate.Description);
    }

    [Fact]
    public void TheRbmLearningRateDecaysLinearlyToTheLastEpochOfItsBudget()
    {
        var entry = ModelCatalog.Get("rbm");
        using var run = (ContrastiveDivergenceRun)entry.Create(new RunSettings(Profile.Default, Seed: 1, ExamplesPerEpoch: 100));

        Assert.Equal(4, run.Epochs);
        Assert.Equal(0.05, run.LearningRate(1), 12);
        Assert.Equal(0.0125, run.LearningRate(4), 12);   // ε₀ (1 − 3/4)
        Assert.Equal(0, run.LearningRate(5));
        Assert.EndsWith("ε decays linearly over 4 epochs", run.OptionsText, StringComparison.Ordinal);
    }
}
