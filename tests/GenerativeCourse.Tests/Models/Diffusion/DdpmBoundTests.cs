using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>The variational bound of <see cref="Ddpm"/> and its discretised Gaussian decoder.</summary>
public sealed class DdpmBoundTests
{
    public DdpmBoundTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void BoundTermsAreNonNegativeAndSumToTheBound()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(10, 0.01, 0.4);
        // An imperfect model (the exact ε of N(0.1, 0.5²) data, scored on uniform bytes), so every KL is visibly positive.
        var model = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, 0.1, 0.5, dimensions: 6), schedule, [6]);
        var bytes = randint(0, 256, [50, 6], generator: new Generator(1)).to_type(float32);
        var x0 = Ddpm.FromBytes(bytes);
        var bound = model.VariationalBound(x0, generator: new Generator(2));

        Assert.Equal(new long[] { 50, 10 }, bound.PerStep!.shape);
        Assert.True((bound.PerStep >= 0).all().item<bool>(), "every KL and −log P(x_0 | x_1) ≥ 0");
        Assert.True((bound.Prior >= 0).all().item<bool>(), "L_T ≥ 0");
        Assert.True(allclose(bound.Decoder, bound.PerStep.select(1, 0), rtol: 0, atol: 0));
        Assert.True(allclose(bound.Diffusion, bound.PerStep.narrow(1, 1, 9).sum(1), rtol: 1e-12, atol: 1e-12));
        Assert.True(allclose(bound.Total, bound.Prior + bound.PerStep.sum(1), rtol: 1e-12, atol: 1e-12));

        // L_T by hand: ½ Σ_d (ᾱ_T x_d² + (1 − ᾱ_T) − 1 − log(1 − ᾱ_T)).
        var alphaBar = schedule.AlphaBar(10);
        var prior = 0.5 * ((alphaBar * x0.to_type(float64).square()) - alphaBar - Math.Log(1 - alphaBar)).sum(1);
        Assert.True(allclose(bound.Prior, prior, rtol: 1e-10, atol: 1e-12));
        Assert.Equal(bound.Total.mean().item<double>() / (6 * Math.Log(2)), bound.BitsPerDimension(6), 12);
    }

    [Fact]
    public void BoundEqualsItsDefinitionByQuadratureAndLiesAboveTheExactNegativeLogLikelihood()
    {
        using var scope = NewDisposeScope();
        // T = 2 and one pixel: q(x_1, x_2 | x_0), p(x_2) p(x_1 | x_2) P(x_0 | x_1) are all explicit, so
        //   E_q[L] = E_q[log q(x_1 | x_0) + log q(x_2 | x_1) − log p(x_2) − log p(x_1 | x_2) − log P(x_0 | x_1)]
        //   −log P(x_0) = −log ∫∫ p(x_2) p(x_1 | x_2) P(x_0 | x_1) dx_1 dx_2
        // can be integrated on a grid, without the KL decomposition the library uses, and E_q[L] − (−log P) is the KL
        // between q(x_1, x_2 | x_0) and the model's posterior, ≥ 0.
        var schedule = NoiseSchedule.Linear(2, 0.1, 0.5);
        var network = MixtureNoisePredictor.Gaussian(schedule, 0.2, 0.4);
        var model = new Ddpm(network, schedule, [1]);
        var x0 = (2.0 * 100 / 255) - 1;
        const int N = 400_000;
        var bound = model.VariationalBound(full(N, 1, (float)x0), generator: new Generator(3)).Total;
        var estimate = bound.mean().item<double>();
        var standardError = bound.std().item<double>() / Math.Sqrt(N);

        var h = 0.005;
        var x1 = arange(-3.0, 3.0 + (h / 2), h, dtype: float64).reshape(-1, 1);                       // [601·2, 1]
        var x2 = arange(-5.0, 5.0 + (h / 2), h, dtype: float64).reshape(1, -1);                       // [1, 2001]
        var (a1, a2) = (schedule.AlphaBar(1), schedule.AlphaBar(2));
        var beta2 = schedule.Beta(2);
        var decoderVariance = schedule.PosteriorVariance(2);
        Tensor LogNormal(Tensor x, Tensor mean, double variance) => (-0.5 * (x - mean).square() / variance) - (0.5 * Math.Log(2 * Math.PI * variance));
        Tensor Mean(Tensor x, int t) => model.Process.Posterior(
            (x - (Math.Sqrt(1 - schedule.AlphaBar(t)) * network.PredictNoise(x.reshape(-1, 1), full(x.numel(), t, dtype: int64)).reshape(x.shape))) / Math.Sqrt(schedule.AlphaBar(t)),
            x, full(x.shape[0], t, dtype: int64)).Mean;
        var mean2 = Mean(x2.reshape(-1, 1), 2).reshape(1, -1);                                         // μ_θ(x_2, 2)
        var mean1 = Mean(x1, 1);                                                                       // μ_θ(x_1, 1) = x̂_0
        var sd = Math.Sqrt(decoderVariance);
        var logDecoder = (special.ndtr((x0 + (1.0 / 255) - mean1) / sd) - special.ndtr((x0 - (1.0 / 255) - mean1) / sd)).log();   // [·, 1]
        var logQ = LogNormal(x1, full(1, Math.Sqrt(a1) * x0, dtype: float64), 1 - a1) + LogNormal(x2, Math.Sqrt(1 - beta2) * x1, beta2);
        var logP = LogNormal(x2, zeros(1, dtype: float64), 1) + LogNormal(x1, mean2, schedule.PosteriorVariance(2)) + logDecoder;
        var weights = logQ.exp() * h * h;
        Assert.InRange(weights.sum().item<double>(), 1 - 1e-6, 1 + 1e-6);                            // the grid holds q
        var direct = (weights * (logQ - logP)).sum().item<double>();
        var negativeLogLikelihood = -(logP.exp().sum() * h * h).log().item<double>();

        // N = 400,000 draws: 5 standard errors (fixed seed), plus 10⁻⁵ for the quadrature.
        Assert.True(Math.Abs(estimate - direct) < (5 * standardError) + 1e-5, $"bound {estimate:F5} ± {standardError:F5}, direct {direct:F5}");
        Assert.True(direct > negativeLogLikelihood, $"E[L] {direct:F5} ≤ −log P {negativeLogLikelihood:F5}");
        Assert.True(standardError < 0.01 && direct - negativeLogLikelihood > 0.05, "the checks must be sharp");
    }

    [Fact]
    public void ClippedBoundIsTheBoundOfTheNetworkWhoseNoiseMatchesTheClippedDenoisedImage()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(10, 0.01, 0.4);
        // Data N(0.8, 0.5²): its exact x̂_0 leaves [−1, 1] on many draws, so the clip acts.
        var network = MixtureNoisePredictor.Gaussian(schedule, 0.8, 0.5, dimensions: 6);
        var x0 = Ddpm.FromBytes(randint(0, 256, [200, 6], generator: new Generator(1)).to_type(float32));
        var clipped = new Ddpm(network, schedule, [6]).VariationalBound(x0, generator: new Generator(2), clipDenoised: true);
        // ε̂' = (x_t − √ᾱ_t clip(x̂_0))/√(1 − ᾱ_t) has x̂_0' = clip(x̂_0): the unclipped bound of ε̂' is the clipped bound of ε̂.
        var consistent = new Ddpm(new ClippedNoise(network, schedule), schedule, [6]).VariationalBound(x0, generator: new Generator(2));
        var plain = new Ddpm(network, schedule, [6]).VariationalBound(x0, generator: new Generator(2));

        var gap = (clipped.PerStep! - consistent.PerStep!).abs().max().item<double>();
        Assert.True(gap < 1e-5, $"{gap} nats (ε̂' passes through float32)");
        Assert.True((clipped.PerStep! - plain.PerStep!).abs().max().item<double>() > 0.1, "the clip must change some terms");
    }

    /// <summary>The noise consistent with the network's x̂_0 clipped to [−1, 1].</summary>
    private sealed class ClippedNoise(INoisePredictor network, NoiseSchedule schedule) : INoisePredictor
    {
        public Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null)
        {
            var alphaBar = tensor(t.data<long>().ToArray().Select(s => schedule.AlphaBar((int)s)).ToArray(), noisy.dtype).reshape(-1, 1);
            var x0Hat = ((noisy - ((1 - alphaBar).sqrt() * network.PredictNoise(noisy, t, labels))) / alphaBar.sqrt()).clamp(-1, 1);
            return (noisy - (alphaBar.sqrt() * x0Hat)) / (1 - alphaBar).sqrt();
        }
    }

    [Fact]
    public void StratifiedEstimateOfTheMiddleTermsIsUnbiased()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Cosine(40);
        var model = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, -0.2, 0.3, dimensions: 3), schedule, [3]);
        const int N = 20_000;
        var x0 = Ddpm.FromBytes(tensor(new float[] { 0, 128, 255 }).expand(N, 3));
        var exact = model.VariationalBound(x0, generator: new Generator(4)).Diffusion;
        var stratified = model.VariationalBound(x0, stepsPerExample: 4, generator: new Generator(5));
        Assert.Null(stratified.PerStep);
        var gap = stratified.Diffusion.mean().item<double>() - exact.mean().item<double>();
        var standardError = Math.Sqrt((stratified.Diffusion.var().item<double>() + exact.var().item<double>()) / N);
        // Two independent means of N terms: within 5 standard errors of each other (fixed seeds).
        Assert.True(Math.Abs(gap) < 5 * standardError, $"stratified − exact = {gap:F4} ± {standardError:F4}");
        Assert.True(standardError < 0.02 * exact.mean().item<double>(), "the check must be sharp");
    }

    [Fact]
    public void ExactTermsKeepImageAndStepApartWhenSeveralStepsShareANetworkCall()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(10, 0.01, 0.4);
        var model = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, 0.1, 0.5), schedule, [1]);
        var x0 = Ddpm.FromBytes(tensor(new float[] { 0, 100, 200, 255 }).reshape(4, 1));
        // Four images: every step 2…10 in one network call. 4 × 2,000 copies: one step per call. Same terms in expectation.
        const int Repeats = 2000;
        var shared = stack(Enumerable.Range(0, Repeats).Select(i => model.VariationalBound(x0, generator: new Generator((ulong)i)).PerStep!).ToArray());
        var single = model.VariationalBound(x0.repeat(Repeats, 1), generator: new Generator(99_999)).PerStep!.reshape(Repeats, 4, 10);
        var gap = (shared.mean([0L]) - single.mean([0L])).abs();
        var standardError = ((shared.var(0) + single.var(0)) / Repeats).sqrt();
        Assert.True((gap <= (5 * standardError) + 1e-12).all().item<bool>(), $"largest gap {(gap / (standardError + 1e-12)).max().item<double>():F1} standard errors");
        // The terms differ across images and steps, so a transposed layout would fail.
        Assert.True(single.mean([0L]).std().item<double>() > 0.1);
    }

    [Fact]
    public void BoundStrataAreGeometricAndCoverEveryStepOnce()
    {
        // b_j = round(2 · (1001/2)^(j/K)): 2 · 500.5^(1/2) = 44.7, 2 · 500.5^(1/4) = 9.5, 2 · 500.5^(3/4) = 211.6.
        Assert.Equal(new[] { 2, 45, 1001 }, Ddpm.BoundStrata(1000, 2));
        Assert.Equal(new[] { 2, 9, 45, 212, 1001 }, Ddpm.BoundStrata(1000, 4));
        // K = T − 1: one step per stratum, the exact sum; where the geometric steps crowd, each stratum keeps one step.
        Assert.Equal(Enumerable.Range(2, 10).ToArray(), Ddpm.BoundStrata(10, 9));
        var fifty = Ddpm.BoundStrata(1000, 50);
        Assert.Equal(Enumerable.Range(2, 12).ToArray(), fifty[..12]);
        Assert.True(fifty.Zip(fifty.Skip(1)).All(p => p.Second > p.First), "strictly increasing");
        Assert.Equal(1001, fifty[^1]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Ddpm.BoundStrata(10, 10));
        Assert.StartsWith("Between 1 and T − 1 = 9 strata.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscretisedGaussianGivesTheGreyLevelsProbabilitiesThatSumToOne()
    {
        using var scope = NewDisposeScope();
        var levels = ((arange(256, dtype: float64) * 2 / 255) - 1).reshape(256, 1);                                 // [256, 1]
        foreach (var (mu, sigma) in new[] { (0.0, 0.004), (-0.31, 0.05), (0.9999, 0.3), (1.7, 1.0), (-3.0, 0.001), (0.2, 20.0) })
        {
            var logP = DiscretisedGaussian.LogProb(levels, full(256, 1, mu, dtype: float64), tensor(sigma, float64));
            Assert.True(logP.isfinite().all().item<bool>(), $"μ = {mu}, σ = {sigma}: every level has a finite log-probability");
            Assert.Equal(1.0, logP.exp().sum().item<double>(), 12);
            // Inner bins against the plain CDF difference, where it does not cancel.
            var inner = levels.flatten().narrow(0, 1, 254);
            var plain = special.ndtr((inner + (1.0 / 255) - mu) / sigma) - special.ndtr((inner - (1.0 / 255) - mu) / sigma);
            var usable = plain > 1e-6;
            Assert.True(allclose(logP.flatten().narrow(0, 1, 254).masked_select(usable), plain.masked_select(usable).log(), rtol: 1e-9, atol: 1e-9), $"μ = {mu}, σ = {sigma}");
        }

        // log Φ on both sides of the switch to the asymptotic series at z = −30, against 30-digit values (mpmath).
        var logCdf = DiscretisedGaussian.LogNormalCdf(tensor(new[] { -40.0, -31.0, -29.0, -1.0 })).data<double>().ToArray();
        double[] reference = [-804.608442013753788, -484.853963627179289, -424.787419909730163, Math.Log(0.158655253931457051)];
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(logCdf[i] - reference[i]) < 1e-12 * Math.Abs(reference[i]), $"log Φ: {logCdf[i]:R} vs {reference[i]:R}");
        }

        Assert.Throws<ArgumentException>(() => DiscretisedGaussian.LogProb(full(1, 1, 0.5), zeros(1, 1), tensor(0.1)));

        // Deep in a tail the exact form still ranks the bins: farther from μ is less likely.
        var far = DiscretisedGaussian.LogProb(levels, zeros(256, 1, dtype: float64), tensor(0.001, float64)).flatten();
        Assert.True((far.narrow(0, 129, 126) < far.narrow(0, 128, 126)).all().item<bool>());
    }
}
