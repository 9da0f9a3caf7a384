using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.EnergyBased;

public sealed class RbmTests
{
    public RbmTests() => TorchSharpNative.EnsureLoaded();

    /// <summary>A float64 RBM with weights N(0, scale²) and biases N(0, 1), all from <paramref name="seed"/>.</summary>
    internal static Rbm Random(int visible, int hidden, int seed, double scale = 1.0)
    {
        var generator = new Generator((ulong)seed);
        var rbm = new Rbm(new RbmOptions(visible, hidden, InitialScale: scale), generator).to(float64);
        using (no_grad())
        {
            rbm.VisibleBias.copy_(randn(visible, dtype: float64, generator: generator));
            rbm.HiddenBias.copy_(randn(hidden, dtype: float64, generator: generator));
        }

        return rbm;
    }

    /// <summary>log Z by brute force over all (v, h) pairs: log Σ exp(−E(v, h)), differentiable.</summary>
    internal static Tensor BruteForceLogZ(Rbm rbm)
    {
        var v = BinaryVectors.Enumerate(rbm.Visible, float64);                    // [2^V, V]
        var h = BinaryVectors.Enumerate(rbm.Hidden, float64);                     // [2^H, H]
        var pairsV = v.repeat_interleave(h.shape[0], 0);                         // [2^V·2^H, V]
        var pairsH = h.repeat(v.shape[0], 1);                                     // [2^V·2^H, H]
        return LogSpace.LogSumExp(rbm.Energy(pairsV, pairsH).neg(), 0);
    }

    [Fact]
    public void FreeEnergyEqualsMinusLogOfTheSumOverHiddenStates()
    {
        using var scope = NewDisposeScope();
        using var rbm = Random(6, 5, seed: 1, scale: 1.5);
        var v = BinaryVectors.Enumerate(6, float64);                              // all 64 visible vectors
        var h = BinaryVectors.Enumerate(5, float64);                              // all 32 hidden vectors

        var free = rbm.FreeEnergy(v);
        for (var i = 0; i < v.shape[0]; i++)
        {
            var energies = rbm.Energy(v[i].expand(h.shape[0], 6), h);          // [32]
            var bruteForce = -LogSpace.LogSumExp(energies.neg(), 0).item<double>();
            // float64 with 32 terms of magnitude < 30: rounding ~1e-14.
            Assert.Equal(bruteForce, free[i].item<double>(), 1e-10);
        }
    }

    [Fact]
    public void ConditionalsAreTheRatiosOfTheJointDistribution()
    {
        using var scope = NewDisposeScope();
        using var rbm = Random(4, 3, seed: 2, scale: 1.5);
        var v = BinaryVectors.Enumerate(4, float64);
        var h = BinaryVectors.Enumerate(3, float64);
        var logJoint = rbm.Energy(v.repeat_interleave(8, 0), h.repeat(16, 1)).neg().view(16, 8); // [v, h], unnormalised

        // p(h | v) = p(v, h) / Σ_h' p(v, h'); p(h_j = 1 | v) is the sum over h with h_j = 1.
        var hGivenV = (logJoint - LogSpace.LogSumExp(logJoint, 1, keepDim: true)).exp().matmul(h);   // [16, 3]
        var vGivenH = (logJoint - LogSpace.LogSumExp(logJoint, 0, keepDim: true)).exp().t().matmul(v); // [8, 4]

        Assert.True(allclose(hGivenV, rbm.HiddenProbabilities(v), rtol: 0, atol: 1e-12));
        Assert.True(allclose(vGivenH, rbm.VisibleProbabilities(h), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void GibbsSamplingReproducesTheExactMarginalDistribution()
    {
        using var scope = NewDisposeScope();
        using var rbm = Random(4, 3, seed: 3, scale: 1.5);
        var logZ = RbmPartitionFunction.Exact(rbm).LogZ;
        var all = BinaryVectors.Enumerate(4, float64);
        var exact = rbm.LogProb(all, logZ).exp();                                 // [16], sums to 1
        const int N = 20_000;

        // 20,000 independent chains, each started at random pixels and run 50 steps: the last states are independent
        // draws from the chain's distribution after 50 steps, which for weights of this size is p(v) to far below
        // the statistical resolution of 20,000 draws.
        var samples = rbm.Sample(N, steps: 50, new Generator(4));
        var counts = bincount(BinaryVectors.IndexOf(samples), minlength: 16).to_type(float64);
        var expected = exact * N;
        var chiSquare = ((counts - expected).square() / expected).sum().item<double>();

        // 16 cells, 15 degrees of freedom: P(χ² > 37.70) = 0.001 under the exact distribution (every expected count is
        // above 5, so the χ² approximation holds). Fixed seed, so the test is deterministic.
        Assert.True(expected.min().item<double>() > 5, "every cell must expect at least 5 draws");
        Assert.True(chiSquare < 37.70, $"χ² = {chiSquare:F1} with 15 degrees of freedom");
    }

    [Fact]
    public void LogProbWithTheExactPartitionFunctionSumsToOne()
    {
        using var scope = NewDisposeScope();
        using var rbm = Random(8, 6, seed: 5, scale: 1.0);
        var logZ = RbmPartitionFunction.Exact(rbm);

        var total = rbm.LogProb(BinaryVectors.Enumerate(8, float64), logZ.LogZ).exp().sum().item<double>();

        Assert.Equal(LogPartitionMethod.ExactOverHidden, logZ.Method);
        Assert.Equal(1.0, total, 1e-12);
    }

    [Fact]
    public void VisibleBiasAtTheLogOddsMakesTheWeightlessRbmTheIndependentPixelModel()
    {
        using var scope = NewDisposeScope();
        var data = bernoulli(rand(500, 7, dtype: float64, generator: new Generator(6)), new Generator(7));
        using var rbm = new Rbm(new RbmOptions(7, 3, InitialScale: 0)).to(float64);
        rbm.SetVisibleBiasToLogOdds(data);

        var marginals = rbm.VisibleProbabilities(zeros(1, 3, dtype: float64))[0];

        // σ(logit(p)) = p exactly up to rounding; every pixel's frequency here is far from the 10⁻³ clamp.
        Assert.True(allclose(marginals, data.mean([0]), rtol: 0, atol: 1e-12));
    }
}
