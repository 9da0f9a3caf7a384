using GenerativeCourse.Models.Latent;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Latent;

public sealed class ImportanceWeightingTests
{
    public ImportanceWeightingTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ChunkedLogMeanExpEqualsTheLogMeanExpOfAllWeightsAtOnce()
    {
        using var scope = NewDisposeScope();
        // Spread over ±300 nats: exp() of them would under- and overflow even in float64.
        var all = randn(103, 5, dtype: float64, generator: new Generator(1)) * 100; // [k, batch]
        var next = 0;
        Tensor Chunk(int count)
        {
            var slice = all.narrow(0, next, count);
            next += count;
            return slice;
        }

        var chunked = ImportanceWeighting.LogMeanExpInChunks(Chunk, 103, chunk: 10);

        // float64 log-sum-exps of ≤ 103 terms, regrouped: agreement to ~1e-13; a lost chunk shifts the result by
        // up to hundreds of nats, a wrong divisor by log(103/100) ≈ 0.03.
        Assert.Equal(103, next);
        Assert.True((chunked - LogSpace.LogMeanExp(all, 0)).abs().max().item<double>() < 1e-10);
    }

    [Fact]
    public void ReparameterisedGradientMatchesTheExactGradientAndTheScoreFunctionEstimate()
    {
        using var scope = NewDisposeScope();
        // E[sin z] for z ~ N(μ, σ²) is sin(μ) e^{−σ²/2}, so ∂/∂μ = cos(μ) e^{−σ²/2} and ∂/∂log σ² = −½σ² sin(μ) e^{−σ²/2}.
        const int N = 200_000;
        double mu = 0.7, variance = 0.5;
        var damping = Math.Exp(-variance / 2);
        double exactMean = Math.Cos(mu) * damping, exactLogVariance = -0.5 * variance * Math.Sin(mu) * damping;
        var mean = tensor(mu, dtype: float64, requires_grad: true);
        var logVariance = tensor(Math.Log(variance), dtype: float64, requires_grad: true);

        var z = ImportanceWeighting.Reparameterise(mean.expand(N, 1), logVariance.expand(N, 1), generator: new Generator(2)); // [N, 1]
        var gradients = autograd.grad([z.sin().mean()], [mean, logVariance]);
        var zs = z.detach().squeeze(1);
        // Per-draw reparameterised gradients (the chain rule by hand) give the standard errors of the means.
        var standardNormal = (zs - mu) / Math.Sqrt(variance);
        var perDrawMean = zs.cos();
        var perDrawLogVariance = zs.cos() * standardNormal * Math.Sqrt(variance) / 2;
        // Score-function (REINFORCE) estimates from the same draws: f(z) ∂ log q(z)/∂θ.
        var scoreMean = zs.sin() * (zs - mu) / variance;
        var scoreLogVariance = zs.sin() * (standardNormal.square() - 1) / 2;

        AssertWithinFiveStandardErrors(gradients[0].item<double>(), perDrawMean, exactMean);
        AssertWithinFiveStandardErrors(gradients[1].item<double>(), perDrawLogVariance, exactLogVariance);
        AssertWithinFiveStandardErrors(scoreMean.mean().item<double>(), scoreMean, exactMean);
        AssertWithinFiveStandardErrors(scoreLogVariance.mean().item<double>(), scoreLogVariance, exactLogVariance);
        // autograd's mean is the mean of the hand-derived per-draw gradients (float64 sums of 2·10⁵ terms).
        Assert.Equal(perDrawMean.mean().item<double>(), gradients[0].item<double>(), 1e-10);
        // Why the VAE reparameterises: the score-function estimate is noisier on this problem.
        Assert.True(scoreMean.std().item<double>() > perDrawMean.std().item<double>());
    }

    [Fact]
    public void ImportanceWeightedBoundApproachesTheExactMarginalOfALinearGaussianModel()
    {
        using var scope = NewDisposeScope();
        // p(z) = N(0, 1), p(x|z) = N(a z + b, s²), so p(x) = N(b, a² + s²) and the posterior is Gaussian with
        // variance s²/(a² + s²) and mean a(x − b)/(a² + s²). The proposal q is deliberately off: its mean is
        // shifted by 0.3 and its variance doubled (wider than the posterior, so the weights have finite variance).
        const double A = 1.5, B = 0.4, S2 = 0.3;
        const int K = 5000;
        var x = tensor(new[] { -2.0, -0.5, 0.4, 1.0, 3.0 }, dtype: float64);                 // [batch]
        var exact = LogDensities.GaussianLogProb(x, tensor(B, dtype: float64), tensor(Math.Log((A * A) + S2), dtype: float64));
        var posteriorVariance = S2 / ((A * A) + S2);
        var qMean = (A * (x - B) / ((A * A) + S2)) + 0.3;
        var qLogVariance = full_like(x, Math.Log(2 * posteriorVariance));
        var generator = new Generator(3);
        Tensor LogWeights(int count)
        {
            var z = ImportanceWeighting.Reparameterise(qMean, qLogVariance, count, generator);  // [count, batch]
            // 1-D tensors, so that LogDensities returns one value per draw instead of summing over the batch.
            var flat = z.reshape(-1);                                                        // [count·batch]
            var zero = tensor(0.0, dtype: float64);
            var logWeights = LogDensities.GaussianLogProb(x.repeat(count), (A * flat) + B, tensor(Math.Log(S2), dtype: float64))
                + LogDensities.GaussianLogProb(flat, zero, zero)
                - LogDensities.GaussianLogProb(flat, qMean.repeat(count), qLogVariance.repeat(count));
            return logWeights.reshape(count, -1);
        }

        var iwae = ImportanceWeighting.LogMeanExpInChunks(LogWeights, K, chunk: 700);
        var elbo = LogWeights(K).mean([0L]);                                                     // E_q[log w]: k = 1
        var relativeVariance = (LogWeights(K) - exact).exp().var(0);                         // Var(w / p(x))

        // L_k − log p(x) ≈ log(mean of K weights / p(x)), whose standard deviation is √(Var(w/p)/K) by the delta
        // method and whose bias −Var(w/p)/(2K) is smaller still; 5 standard deviations plus 1e-3 for that bias and for
        // the variance being itself estimated.
        var tolerance = (relativeVariance / K).sqrt() * 5 + 1e-3;
        Assert.True(((iwae - exact).abs() < tolerance).all().item<bool>(), $"IWAE {iwae.str()} vs exact {exact.str()}, tolerance {tolerance.str()}");
        Assert.True(tolerance.max().item<double>() < 0.06, $"the check must be sharp (Var(w/p) ≈ 0.5 here): tolerance {tolerance.str()}, IWAE {iwae.str()} vs exact {exact.str()}");
        // The gap log p(x) − ELBO is KL(q ‖ posterior) = ½(2 − 1 − ln 2 + 0.3²/v) ≈ 0.54 nats (v ≈ 0.118 the
        // posterior variance) for every x, far above the ELBO's Monte Carlo error over 5000 draws (~0.01): an
        // importance-weighted estimate that ignored all but one weight would fail the first assertion.
        Assert.True(((exact - elbo) > 0.1).all().item<bool>(), $"ELBO {elbo.str()} vs exact {exact.str()}");
    }

    private static void AssertWithinFiveStandardErrors(double estimate, Tensor perDraw, double exact)
    {
        // A mean of 2·10⁵ independent draws is within 5 standard errors of its expectation except with
        // probability 6e-7, and the seed is fixed.
        var standardError = perDraw.std().item<double>() / Math.Sqrt(perDraw.shape[0]);
        Assert.InRange(exact, estimate - (5 * standardError), estimate + (5 * standardError));
        Assert.True(standardError < 0.02 * Math.Abs(exact), $"standard error {standardError} too large to test {exact}");
    }
}
