using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.EnergyBased;

public sealed class AnnealedImportanceSamplingTests
{
    public AnnealedImportanceSamplingTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EstimateAgreesWithTheExactLogZOfASmallModel()
    {
        using var scope = NewDisposeScope();
        // 40 visible and 12 hidden units with strong weights: a multi-modal distribution, far from the base rate.
        using var rbm = RbmTests.Random(40, 12, seed: 21, scale: 0.6).to(float32);
        var exact = RbmPartitionFunction.Exact(rbm).LogZ;
        var data = rbm.Sample(500, steps: 200, new Generator(22));
        var baseBias = AnnealedImportanceSampling.BaseRateBias(data);

        var estimate = AnnealedImportanceSampling.Estimate(rbm, baseBias, runs: 100, temperatures: 2_000, new Generator(23));

        // With 100 runs over 2,000 temperatures the weights vary little; the ±3σ interval must contain the truth and
        // the estimate must lie within 0.05 nats of it (float32 model, log-weights summed in float64).
        Assert.Equal(LogPartitionMethod.AnnealedImportanceSampling, estimate.Method);
        Assert.InRange(exact, estimate.Lower, estimate.Upper);
        Assert.True(Math.Abs(estimate.LogZ - exact) < 0.05, $"AIS {estimate} against exact {exact:F4}");
    }

    [Fact]
    public void AWeightlessModelIsEstimatedExactlyWhateverTheSchedule()
    {
        using var scope = NewDisposeScope();
        // With W = 0, c = 0 and the base rate equal to b, every intermediate distribution is the model itself: each
        // log-weight is exactly 0 = log Z_B − log Z_A, for every run, so even 3 temperatures are exact. This checks
        // Z_A = 2^H Π (1 + e^b): the disconnected hidden units count.
        using var rbm = new Rbm(new RbmOptions(30, 8, InitialScale: 0));
        using (no_grad())
        {
            rbm.VisibleBias.copy_(randn(30, generator: new Generator(24)));
        }

        var estimate = AnnealedImportanceSampling.Estimate(rbm, rbm.VisibleBias.detach(), runs: 10, temperatures: 3, new Generator(25));

        // float32 softplus sums of 30 terms: ~1e-5.
        Assert.Equal(RbmPartitionFunction.Exact(rbm).LogZ, estimate.LogZ, 1e-4);
        Assert.Equal(estimate.LogZ, estimate.Upper, 1e-9);
    }

    [Fact]
    public void EstimateLeavesNoLiveTensorsBehind()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(10, 5, seed: 26, scale: 0.5).to(float32);
        var baseBias = zeros(10);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        AnnealedImportanceSampling.Estimate(rbm, baseBias, runs: 8, temperatures: 200, new Generator(27));

        // 200 temperatures each create about ten temporaries; all are freed in the step scopes, so the count is back
        // where it started: memory does not grow with K.
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void ScheduleRisesFromZeroToOneInThePapersProportions()
    {
        var betas = AnnealedImportanceSampling.Schedule(14_500);

        Assert.Equal(14_501, betas.Length);
        Assert.Equal(0.0, betas[0]);
        Assert.Equal(1.0, betas[^1]);
        Assert.Equal(0.5, betas[500], 12);
        Assert.Equal(0.9, betas[4_500], 12);
        Assert.All(betas.Zip(betas.Skip(1)), pair => Assert.True(pair.Second > pair.First));
    }

    [Fact]
    public void SummaryOfEqualWeightsHasNoSpread()
    {
        var estimate = AnnealedImportanceSampling.Summarise([2.0, 2.0, 2.0], logPartitionOfBase: 5.0, temperatures: 100);

        Assert.Equal(7.0, estimate.LogZ, 12);
        Assert.Equal(7.0, estimate.Lower, 12);
        Assert.Equal(7.0, estimate.Upper, 12);
    }
}
