using GenerativeCourse.Models.Latent;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Latent;

public sealed class VaeTests
{
    public VaeTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ClosedFormKlTermEqualsAMonteCarloEstimateOfLogQMinusLogPrior()
    {
        using var scope = NewDisposeScope();
        using var model = Random(new VaeOptions(12, 3, [8]), seed: 1, scale: 1.0);
        var x = Binary(3, 12, seed: 2);
        const int N = 200_000;

        var kl = model.Elbo(x, new Generator(3)).Kl;
        var (mean, logVariance) = model.Encode(x);
        for (var i = 0; i < 3; i++)
        {
            var z = ImportanceWeighting.Reparameterise(mean[i].expand(N, 3), logVariance[i].expand(N, 3), generator: new Generator(4)); // [N, L]
            var zero = zeros(1, dtype: float64);
            var terms = LogDensities.GaussianLogProb(z, mean[i], logVariance[i]) - LogDensities.GaussianLogProb(z, zero, zero); // [N]
            var estimate = terms.mean().item<double>();
            var standardError = terms.std().item<double>() / Math.Sqrt(N);
            // A mean of 2·10⁵ independent terms: within 5 standard errors except with probability 6e-7 (fixed seed).
            Assert.InRange(kl[i].item<double>(), estimate - (5 * standardError), estimate + (5 * standardError));
            Assert.True(standardError < 0.02 * kl[i].item<double>(), "the check must be sharp");
        }
    }

    [Fact]
    public void ElboGradientEqualsFiniteDifferencesWhenTheNoiseIsFixed()
    {
        using var scope = NewDisposeScope();
        using var model = Random(new VaeOptions(6, 2, [5]), seed: 5, scale: 1.0);
        var x = Binary(4, 6, seed: 6);
        // With ε fixed (same seed), the reparameterised ELBO is a deterministic function of encoder and decoder
        // parameters: autograd's gradient must be its derivative, which only holds if z = μ + σε carries the
        // gradient into μ and log σ².
        double Elbo() => model.Elbo(x, new Generator(7)).Value.sum().item<double>();
        var parameters = model.parameters().ToArray();
        var gradients = autograd.grad([model.Elbo(x, new Generator(7)).Value.sum()], parameters);

        const double H = 1e-6;
        var checkedEntries = 0;
        for (var p = 0; p < parameters.Length; p++)
        {
            for (var i = 0L; i < parameters[p].numel(); i += 2)
            {
                var delta = zeros_like(parameters[p]);
                delta.view(-1)[i] = H;
                using (no_grad()) { parameters[p].add_(delta); }
                var up = Elbo();
                using (no_grad()) { parameters[p].sub_(2 * delta); }
                var down = Elbo();
                using (no_grad()) { parameters[p].add_(delta); }
                var numeric = (up - down) / (2 * H);
                var analytic = gradients[p].view(-1)[i].item<double>();
                // float64 central differences: truncation O(H²) ≈ 1e-12, rounding ~1e-16·|ELBO|/H ≈ 1e-9. A ReLU
                // kink within H of a pre-activation is the only other source of error, and these seeds have none.
                Assert.True(Math.Abs(numeric - analytic) < 1e-6 * (1 + Math.Abs(analytic)), $"parameter {p}[{i}]: {numeric} vs {analytic}");
                checkedEntries++;
            }
        }

        Assert.Equal(56, checkedEntries); // every other entry of the 110 parameters
    }

    [Fact]
    public void ElboIsBelowTheImportanceWeightedBoundWhichRisesWithK()
    {
        using var scope = NewDisposeScope();
        using var model = Random(new VaeOptions(12, 2, [16]), seed: 8, scale: 1.5);
        var x = Binary(40, 12, seed: 9).repeat(5, 1); // 40 examples, 5 independent estimates each
        int[] ks = [1, 10, 100, 1000];
        var elbo = model.Elbo(x, new Generator(10)).Value.detach();
        var bounds = ks.Select((k, i) => model.ImportanceWeightedLogProb(x, k, new Generator(11 + (ulong)i))).ToArray();

        var previous = elbo;
        var name = "ELBO";
        for (var i = 0; i < ks.Length; i++)
        {
            // E[L_k(x)] − E[L_j(x)] ≥ 0 for every x when k ≥ j (Burda et al. 2016, theorem 1), so the mean difference
            // over 200 estimates is ≥ −3 standard errors except with probability ≤ 0.13 % (fixed seeds).
            var difference = bounds[i] - previous;
            var mean = difference.mean().item<double>();
            var standardError = difference.std().item<double>() / Math.Sqrt(difference.shape[0]);
            Assert.True(mean > -3 * standardError, $"IWAE-{ks[i]} − {name} = {mean:F4} ± {standardError:F4}");
            previous = bounds[i];
            name = $"IWAE-{ks[i]}";
        }

        // The model's q is far from its posteriors, so the bound must really rise: a strict gain of many standard errors.
        var gain = bounds[^1] - elbo;
        var gainStandardError = gain.std().item<double>() / Math.Sqrt(gain.shape[0]);
        Assert.True(gain.mean().item<double>() > 10 * gainStandardError, $"IWAE-1000 − ELBO = {gain.mean().item<double>():F4} ± {gainStandardError:F4}");
    }

    [Fact]
    public void ImportanceWeightedBoundApproachesTheMarginalComputedByQuadrature()
    {
        using var scope = NewDisposeScope();
        // With one latent dimension, log p(x) = log ∫ p(x|z) N(z; 0, 1) dz is a 1-D integral: a Riemann sum (the trapezoidal rule, as the integrand vanishes at both ends) on
        // 40,001 points over [−10, 10] is exact to far below 1e-6 for this smooth integrand (the prior's mass outside is 1e-23).
        using var model = Random(new VaeOptions(10, 1, [12]), seed: 12, scale: 1.0);
        var x = Binary(6, 10, seed: 13);
        var grid = linspace(-10, 10, 40_001, dtype: float64).unsqueeze(1);                      // [G, 1]
        var logPriorTimesStep = LogDensities.GaussianLogProb(grid, zeros(1, dtype: float64), zeros(1, dtype: float64)) + Math.Log(20.0 / 40_000);
        var logits = model.Decode(grid).detach();                                               // [G, D]
        var exact = stack(Enumerable.Range(0, 6).Select(i =>
            LogSpace.LogSumExp(LogDensities.BernoulliLogProb(logits, x[i]) + logPriorTimesStep, 0)).ToArray()); // [6]

        var iwae = model.ImportanceWeightedLogProb(x, 100_000, new Generator(14));
        var elbo = model.Elbo(x.repeat(2000, 1), new Generator(15)).Value.detach().reshape(2000, 6).mean([0L]);

        // Over seeds, IWAE-5000 of these examples scatters around log p(x) with a standard deviation of about 0.02 nats
        // (measured over 4 seeds); the noise of a mean of k weights shrinks as 1/√k, to about 0.005 at k = 100,000,
        // and the bias Var(w/p)/(2k) faster still. 0.025 nats is 5 of those standard deviations.
        Assert.True(((iwae - exact).abs() < 0.025).all().item<bool>(), $"IWAE {iwae.str()} vs exact {exact.str()}");
        // The ELBO (averaged over 2000 draws, Monte Carlo error ~0.05) lies below log p(x) by the KL from q to the
        // posterior, which is several nats for these random weights: the check above is far sharper than that gap.
        Assert.True((elbo < exact - 1.0).all().item<bool>(), $"ELBO {elbo.str()} vs exact {exact.str()}");
    }

    [Theory]
    [InlineData(VaeArchitecture.Mlp)]
    [InlineData(VaeArchitecture.Convolutional)]
    public void ASavedModelReloadsWithTheSameElbo(VaeArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        var options = new VaeOptions(64, 3, [20], architecture, ImageSide: 8);
        var path = Path.Combine(Path.GetTempPath(), $"vae-{Guid.NewGuid():N}.dat");
        using var saved = new Vae(options, new Generator(16));
        using var loaded = new Vae(options, new Generator(17));
        var x = Binary(5, 64, seed: 18).to(float32);
        Assert.False(loaded.Elbo(x, new Generator(19)).Value.equal(saved.Elbo(x, new Generator(19)).Value).all().item<bool>());
        try
        {
            saved.save(path);
            loaded.load(path);
        }
        finally
        {
            File.Delete(path);
        }

        // Same numbers, same operations, same noise: bit-identical terms.
        var before = saved.Elbo(x, new Generator(19));
        var after = loaded.Elbo(x, new Generator(19));
        Assert.True(after.Reconstruction.equal(before.Reconstruction).all().item<bool>());
        Assert.True(after.Kl.equal(before.Kl).all().item<bool>());
    }

    [Theory]
    [InlineData(VaeArchitecture.Mlp)]
    [InlineData(VaeArchitecture.Convolutional)]
    public void ShapesAndSamplesAreAsDocumented(VaeArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        using var model = new Vae(new VaeOptions(784, 5, [32], architecture), new Generator(20));
        var x = Binary(7, 784, seed: 21).to(float32);

        var (mean, logVariance) = model.Encode(x);
        var elbo = model.Elbo(x, new Generator(22));
        var samples = model.Sample(9, new Generator(23));
        var means = model.Sample(9, new Generator(23), means: true);

        Assert.Equal(new long[] { 7, 5 }, mean.shape);
        Assert.Equal(new long[] { 7, 5 }, logVariance.shape);
        Assert.Equal(new long[] { 7, 784 }, model.Decode(mean).shape);
        Assert.Equal(new long[] { 7 }, model.ImportanceWeightedLogProb(x, 3, new Generator(24)).shape);
        Assert.True(elbo.Value.equal(elbo.Reconstruction - elbo.Kl).all().item<bool>());
        Assert.True((elbo.Kl >= 0).all().item<bool>() && (elbo.Reconstruction <= 0).all().item<bool>());
        Assert.Equal(new long[] { 9, 784 }, samples.shape);
        Assert.True((samples == 0).logical_or(samples == 1).all().item<bool>());
        Assert.True(samples.equal(model.Sample(9, new Generator(23))).all().item<bool>());
        Assert.True((means > 0).logical_and(means < 1).all().item<bool>());
    }

    [Fact]
    public void LossIsTheMeanNegativeElboWithTheKlWeighted()
    {
        using var scope = NewDisposeScope();
        using var model = Random(new VaeOptions(8, 2, [6], Beta: 4.0, KlWarmUpSteps: 100), seed: 25, scale: 1.0);
        var x = Binary(10, 8, seed: 26);
        var elbo = model.Elbo(x, new Generator(27));

        // float64, 10 terms: ~1e-15.
        Assert.Equal(-(elbo.Reconstruction - (4.0 * elbo.Kl)).mean().item<double>(), model.Loss(x, generator: new Generator(27)).item<double>(), 1e-12);
        Assert.Equal(-elbo.Value.mean().item<double>(), model.Loss(x, 1.0, new Generator(27)).item<double>(), 1e-12);
        Assert.Equal(0.0, model.KlWeight(0));
        Assert.Equal(1.0, model.KlWeight(25));   // β·25/100
        Assert.Equal(4.0, model.KlWeight(100));
        Assert.Equal(4.0, model.KlWeight(1000));
        using var noWarmUp = new Vae(new VaeOptions(8, 2, [6], Beta: 0.5), new Generator(1));
        Assert.Equal(0.5, noWarmUp.KlWeight(0));
    }

    [Fact]
    public void ConvolutionalVariantRejectsImagesItCannotHalveTwice()
    {
        var error = Assert.Throws<ArgumentException>(() => new Vae(new VaeOptions(100, 2, Architecture: VaeArchitecture.Convolutional, ImageSide: 10)));
        Assert.Contains("divisible by 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithZeroLastDecoderWeightsAndTheBiasAtTheLogOddsTheDecoderIsTheIndependentPixelModel()
    {
        using var scope = NewDisposeScope();
        var marginals = 0.05 + (0.9 * rand(12, generator: new Generator(30)));   // [12], inside the clamp
        using var model = new Vae(new VaeOptions(12, 3, [8, 6]), new Generator(31));
        model.InitialiseOutputBias(marginals);
        using (no_grad())
        {
            model.named_parameters().Single(p => p.name == "decoder.output.weight").parameter.zero_();
        }

        var x = bernoulli(full(16, 12, 0.4), new Generator(32));
        var reconstruction = model.Elbo(x, new Generator(33)).Reconstruction;     // log p(x | z), whatever z is
        // Σ_d x_d log p̄_d + (1 − x_d) log(1 − p̄_d), without the library; float32 sums of 12 terms: 1e-5.
        var independent = ((x * marginals.log()) + ((1 - x) * (1 - marginals).log())).sum(1);
        Assert.True((reconstruction - independent).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void TheConvolutionalDecoderHasNoPerPixelOutputBiasToInitialise()
    {
        using var model = new Vae(new VaeOptions(16, 2, [8], Architecture: VaeArchitecture.Convolutional, ImageSide: 4));
        using var marginals = full(16, 0.3);
        var error = Assert.Throws<InvalidOperationException>(() => model.InitialiseOutputBias(marginals));
        Assert.Contains("has a bias of size 1, not one per pixel (16)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A float64 model whose weights are redrawn from N(0, scale²/fan_in): far from the prior, so q, p(x|z)
    /// and the posterior differ visibly.</summary>
    internal static Vae Random(VaeOptions options, ulong seed, double scale)
    {
        var generator = new Generator(seed);
        var model = new Vae(options, generator).to(float64);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var parameter in model.parameters())
        {
            var fanIn = parameter.dim() > 1 ? parameter.shape[1] : 1;
            parameter.copy_(randn(parameter.shape, dtype: float64, generator: generator) * scale / Math.Sqrt(fanIn));
        }

        return model;
    }

    internal static Tensor Binary(int n, int d, ulong seed) =>
        bernoulli(full(n, d, 0.5, dtype: float64), new Generator(seed));
}
