using GenerativeCourse.Catalog;
using GenerativeCourse.Data;
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
        // H = 12: log Z is a sum over 2^12 hidden states. Weights of scale 0.1 make the RBM far from its base rate
        // (log Z moves by tens of nats), yet 100 runs × 1,000 temperatures should land within a tenth of a nat; a
        // wrong sign or a missing H log 2 would be off by nats.
        using var rbm = new Rbm(new RbmOptions(MnistDigits.PixelsPerImage, Hidden: 12, InitialScale: 0.1), new torch.Generator(4));
        using (var train = MnistDigits.Train.Images(PixelEncoding.StaticBinary))
        {
            rbm.SetVisibleBiasToLogOdds(train);
        }

        var settings = new EvaluationSettings(TestImages: 200, AisRuns: 100, AisTemperatures: 1000);
        var estimate = TestScores.AisNll(rbm, settings);
        using var test = MnistDigits.Test.Images(PixelEncoding.StaticBinary);
        using var first = test.narrow(0, 0, 200);
        var exact = RbmLikelihood.Evaluate(rbm, first, RbmPartitionFunction.Exact(rbm));

        Assert.Equal(exact.MeanNats, estimate.Value, 0.1);
        Assert.Equal(exact.Likelihood.StandardError, estimate.StandardError, 1e-9);
        Assert.Contains("AIS estimate of log Z (100 runs, 1,000 temperatures)", estimate.Description);
    }

    [Fact]
    public void TheRbmLearningRateDecaysLinearlyToItsLastDefaultEpoch()
    {
        var entry = ModelCatalog.Get("rbm");
        using var run = (ContrastiveDivergenceRun)entry.Create(new RunSettings(Seed: 1, ExamplesPerEpoch: 100));

        Assert.Equal(10, entry.DefaultEpochs);
        Assert.Equal(0.05, run.LearningRate(1), 12);
        Assert.Equal(0.005, run.LearningRate(10), 12);   // ε₀ (1 − 9/10)
        Assert.Equal(0, run.LearningRate(11));
    }
}
