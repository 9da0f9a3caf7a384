using GenerativeCourse.Data;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.EnergyBased;

public sealed class ContrastiveDivergenceTests
{
    public ContrastiveDivergenceTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void HandWrittenGradientEqualsAutogradOfTheFreeEnergyDifference()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(7, 5, seed: 31, scale: 1.0);
        var positive = bernoulli(full(9, 7, 0.5, dtype: float64), new Generator(32));
        var negative = bernoulli(full(13, 7, 0.5, dtype: float64), new Generator(33));

        using var byHand = ContrastiveDivergence.Estimate(rbm, positive, negative);
        // The surrogate whose gradient CD follows: −(mean F(data) − mean F(samples)), samples held fixed.
        var surrogate = rbm.FreeEnergy(negative).mean() - rbm.FreeEnergy(positive).mean();
        var auto = autograd.grad([surrogate], [rbm.Weights, rbm.VisibleBias, rbm.HiddenBias]);

        // float64, sums of at most 13 products: rounding ~1e-15.
        Assert.True(allclose(byHand.Weights, auto[0], rtol: 0, atol: 1e-12));
        Assert.True(allclose(byHand.VisibleBias, auto[1], rtol: 0, atol: 1e-12));
        Assert.True(allclose(byHand.HiddenBias, auto[2], rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void CdOneGradientEqualsItsAnalyticExpectationAndDiffersFromTheLikelihoodGradient()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(4, 3, seed: 34, scale: 3.0);
        var data = tensor(new double[] { 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0 }, [3, 4]);
        var v = BinaryVectors.Enumerate(4, float64);                                       // [16, 4]
        var h = BinaryVectors.Enumerate(3, float64);                                       // [8, 3]

        // Analytic E[CD-1]: v1 ~ T(v1 | v0) = Σ_h p(h | v0) p(v1 | h), by enumeration of h and v1.
        var pH = ProductOfBernoullis(rbm.HiddenProbabilities(data), h);                    // [3, 8]   p(h | v0)
        var pV = ProductOfBernoullis(rbm.VisibleProbabilities(h), v);                      // [8, 16]  p(v1 | h)
        var transition = pH.matmul(pV);                                                    // [3, 16]  T(v1 | v0)
        var negativeWeights = transition.mean([0]);                                        // [16] mixture over the data
        var stats = rbm.HiddenProbabilities(v);                                            // [16, 3]
        var expectedW = (rbm.HiddenProbabilities(data).t().matmul(data) / 3) - (stats * negativeWeights.unsqueeze(1)).t().matmul(v);

        // Monte Carlo: the library's CD-1 on every data row repeated 100,000 times.
        const int Copies = 100_000;
        using var trainer = new ContrastiveDivergence(rbm, new ContrastiveDivergenceOptions(Steps: 1), new Generator(35));
        using var estimate = trainer.Gradient(data.repeat(Copies, 1));

        // Each entry averages 300,000 terms in [−1, 1] with standard deviation ≤ 0.5: standard error ≤ 0.0009; 0.005 is
        // over 5 standard errors (fixed seed).
        var error = (estimate.Weights - expectedW).abs().max().item<double>();
        Assert.True(error < 0.005, $"CD-1 Monte Carlo mean differs from its expectation by {error:F4}");

        // The true gradient of the mean log-likelihood, by autograd through the exact log Z: CD-1 is biased.
        var logLikelihood = rbm.FreeEnergy(data).neg().mean() - LogSpace.LogSumExp(rbm.FreeEnergy(v).neg(), 0);
        var trueW = autograd.grad([logLikelihood], [rbm.Weights])[0];
        var bias = (expectedW - trueW).abs().max().item<double>();
        Assert.True(bias > 0.05, $"E[CD-1] should differ from the likelihood gradient here, but only by {bias:F4} (MC error {error:F4})");
    }

    [Fact]
    public void WithExactModelSamplesTheNegativePhaseGivesTheLikelihoodGradient()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(4, 3, seed: 36, scale: 1.5);
        var data = tensor(new double[] { 1, 0, 1, 1, 0, 0, 1, 0 }, [2, 4]);
        var v = BinaryVectors.Enumerate(4, float64);
        var logZ = RbmPartitionFunction.Exact(rbm).LogZ;
        var pModel = rbm.LogProb(v, logZ).exp();                                           // [16]

        // 400,000 exact draws from p(v) (a categorical over the 16 states) as the negative phase.
        var draws = v.index_select(0, multinomial(pModel, 400_000, replacement: true, generator: new Generator(37)));
        using var estimate = ContrastiveDivergence.Estimate(rbm, data, draws);
        var logLikelihood = rbm.FreeEnergy(data).neg().mean() - LogSpace.LogSumExp(rbm.FreeEnergy(v).neg(), 0);
        var trueW = autograd.grad([logLikelihood], [rbm.Weights])[0];

        // Standard error ≤ 0.5 / √400,000 ≈ 0.0008 per entry; 0.005 is 6 standard errors.
        var error = (estimate.Weights - trueW).abs().max().item<double>();
        Assert.True(error < 0.005, $"the negative phase with exact samples differs from the likelihood gradient by {error:F4}");
    }

    [Fact]
    public void PersistentChainsContinueFromWhereTheLastNegativePhaseEnded()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(6, 4, seed: 38, scale: 1.0);
        var data = bernoulli(full(10, 6, 0.5, dtype: float64), new Generator(39));
        using var pcd = new ContrastiveDivergence(rbm, new ContrastiveDivergenceOptions(Persistent: true, Chains: 10), new Generator(40));
        var replay = new Generator(40);

        using (pcd.Gradient(data)) { }
        var first = rbm.Gibbs(data, 1, replay).States;                 // chains start at the data
        Assert.True(first.equal(pcd.Chains!).all().item<bool>());
        using (pcd.Gradient(data)) { }
        var second = rbm.Gibbs(first, 1, replay).States;               // ... and then continue, not restart
        Assert.True(second.equal(pcd.Chains!).all().item<bool>());
        Assert.False(second.equal(rbm.Gibbs(data, 1, new Generator(40)).States).all().item<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LiveTensorsDoNotGrowFromEpochToEpoch(bool persistent)
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(12, 6, seed: 43, scale: 0.5).to(float32);
        var data = bernoulli(full(64, 12, 0.3), new Generator(44));
        using var trainer = new ContrastiveDivergence(rbm, new ContrastiveDivergenceOptions(Steps: 3, Persistent: persistent, Chains: 16), new Generator(45));
        var liveAfterEpoch = new List<long>();

        for (var epoch = 0; epoch < 4; epoch++)
        {
            trainer.Epoch(Batches(data));
            liveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        // Each epoch makes 4 batches and hundreds of temporaries (Gibbs steps, statistics, updates). Every update runs
        // in its own scope and Epoch disposes each batch, so after the first epoch (which creates PCD's chains) the
        // number of live tensors stays exactly the same.
        Assert.Single(liveAfterEpoch.Skip(1).Distinct());
        Assert.InRange(liveAfterEpoch[1] - liveAfterEpoch[0], 0, 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainingOnDigitsRaisesTheExactTestLogLikelihood(bool persistent)
    {
        using var scope = NewDisposeScope();
        using var rbm = new Rbm(new RbmOptions(784, 10), new Generator(41));
        var train = MnistDigits.Train.Images(PixelEncoding.StaticBinary)[..2000];
        var test = MnistDigits.Test.Images(PixelEncoding.StaticBinary)[..500];
        rbm.SetVisibleBiasToLogOdds(train);
        double Nll() => RbmLikelihood.Evaluate(rbm, test, RbmPartitionFunction.Exact(rbm)).MeanNats; // 2^10 hidden states
        var before = Nll();
        using var trainer = new ContrastiveDivergence(rbm, new ContrastiveDivergenceOptions(Persistent: persistent, LearningRate: 0.1), new Generator(42));

        for (var epoch = 0; epoch < 3; epoch++)
        {
            trainer.Epoch(train.split(100).Select(batch => batch.clone()));
        }

        // Before: the independent-pixel model (W ≈ 0), about 207 nats. Ten binary hidden units can encode a few coarse
        // digit prototypes, worth several nats on held-out digits after 3 epochs of 20 updates (exact log Z, no
        // estimate; in this seeded run about 9 nats for PCD and more for CD-1).
        var after = Nll();
        Assert.True(after < before - 5, $"test NLL went from {before:F2} to {after:F2} nats (|W| = {rbm.Weights.norm().item<float>():F2})");
    }

    /// <summary>Four fresh batches of 16 rows; the views are freed at once, so only the batches are new tensors.</summary>
    private static IEnumerable<Tensor> Batches(Tensor data)
    {
        for (var i = 0; i < 4; i++)
        {
            Tensor batch;
            using (var view = data.narrow(0, 16 * i, 16))
            {
                batch = view.clone();
            }

            yield return batch;
        }
    }

    /// <summary>Π_i p_i^{s_i} (1 − p_i)^{1 − s_i} for every row of probabilities and every state: <c>[rows, states]</c>.</summary>
    private static Tensor ProductOfBernoullis(Tensor probabilities, Tensor states) =>
        (states.unsqueeze(0) * probabilities.unsqueeze(1).log() + (1 - states.unsqueeze(0)) * (1 - probabilities.unsqueeze(1)).log()).sum(2).exp();
}
