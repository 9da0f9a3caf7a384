using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>The samplers and the training loss of <see cref="Ddpm"/>, with exact ε-networks so no training is needed.</summary>
public sealed class DdpmSamplingTests
{
    public DdpmSamplingTests() => TorchSharpNative.EnsureLoaded();

    private static Ddpm TwoBumps(NoiseSchedule schedule) => new(TwoBumpsNetwork(schedule), schedule, [1]);

    private static MixtureNoisePredictor TwoBumpsNetwork(NoiseSchedule schedule) =>
        new(schedule, [0.3, 0.7], new double[,] { { -0.6 }, { 0.5 } }, [0.1, 0.2]);

    [Fact]
    public void DdimWithEveryStepAndEtaOneIsAncestralSampling()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(20, 1e-3, 0.3);
        var model = TwoBumps(schedule);
        const int N = 5000;

        // Draw for draw: with σ_t² = β̃_t the two updates are the same map of (x_t, z), and both draw x_T and then one z per
        // step but the last, so the same seed gives the same samples up to float32 rounding of different algebra.
        var ancestral = model.SampleAncestral(N, generator: new Generator(5));
        var ddim = model.SampleDdim(N, steps: 20, eta: 1, generator: new Generator(5));
        Assert.Equal(new long[] { N, 1 }, ddim.shape);
        var gap = (ancestral - ddim).abs().max().item<float>();
        Assert.True(gap < 1e-4, $"largest difference {gap}");

        // In distribution, with independent seeds: two-sample Kolmogorov–Smirnov at false-alarm rate 0.001 (fixed seeds).
        var other = model.SampleDdim(N, steps: 20, eta: 1, generator: new Generator(6));
        var statistic = SampleTests.KolmogorovSmirnov(ancestral, other);
        Assert.True(statistic < SampleTests.KolmogorovSmirnovCritical001(N, N), $"KS = {statistic:F4}");

        // The test has power: ancestral sampling with σ_t² = β_t instead of β̃_t (Ho et al.'s other choice) is a different
        // sampler at this coarse T, and the statistic sees it (measured 0.077 against the critical 0.039).
        var large = new Ddpm(TwoBumpsNetwork(schedule), schedule, [1], new DdpmOptions(ReverseVariance.Beta));
        var largeSample = large.SampleAncestral(N, generator: new Generator(6));
        Assert.True(SampleTests.KolmogorovSmirnov(ancestral, largeSample) > SampleTests.KolmogorovSmirnovCritical001(N, N));
    }

    [Fact]
    public void WithTheExactNoiseOnGaussianDataBothSamplersHaveTheVarianceTheirLinearUpdatesPredict()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear();
        const double M = 0.3, S2 = 0.25;
        var model = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, M, Math.Sqrt(S2)), schedule, [1]);
        double V(int t) => (schedule.AlphaBar(t) * S2) + 1 - schedule.AlphaBar(t);   // Var x_t under the data

        // For data N(m, s²) the exact ε̂ is linear in x_t, so each update maps the offset d_t = x_t − √ᾱ_t m linearly:
        // ancestral d_{t−1} = g_t d_t + σ_t z with g_t = c0_t √ᾱ_t s²/v_t + ct_t, hence Var_{t−1} = g_t² Var_t + β̃_t;
        // DDIM (η = 0) from t to s multiplies d by (√(ᾱ_s ᾱ_t) s² + √((1 − ᾱ_s)(1 − ᾱ_t)))/v_t, below √(v_s/v_t), which is
        // why few DDIM steps shrink the variance. Both start from Var = 1 (x_T ~ N(0, 1)).
        var ancestralVariance = 1.0;
        for (var t = 1000; t >= 1; t--)
        {
            var (c0, ct) = schedule.PosteriorMeanCoefficients(t);
            var g = (c0 * Math.Sqrt(schedule.AlphaBar(t)) * S2 / V(t)) + ct;
            ancestralVariance = (g * g * ancestralVariance) + (t > 1 ? schedule.PosteriorVariance(t) : 0);
        }

        double DdimVariance(int steps)
        {
            var tau = Ddpm.DdimSteps(1000, steps);
            var factor = 1.0;
            for (var i = steps - 1; i >= 0; i--)
            {
                var (t, s) = (tau[i], i == 0 ? 0 : tau[i - 1]);
                factor *= ((Math.Sqrt(schedule.AlphaBar(s) * schedule.AlphaBar(t)) * S2) + Math.Sqrt((1 - schedule.AlphaBar(s)) * (1 - schedule.AlphaBar(t)))) / V(t);
            }

            return factor * factor;
        }

        const int N = 20_000;
        foreach (var (name, sample, expected) in new[]
        {
            ("ancestral, 1000 steps", model.SampleAncestral(N, generator: new Generator(8)), ancestralVariance),
            ("DDIM η = 0, 50 steps", model.SampleDdim(N, steps: 50, generator: new Generator(9)), DdimVariance(50)),
            ("DDIM η = 0, 10 steps", model.SampleDdim(N, steps: 10, generator: new Generator(10)), DdimVariance(10)),
        })
        {
            var mean = sample.to_type(float64).mean().item<double>();
            var variance = sample.to_type(float64).var().item<double>();
            // 5 standard errors of a mean (√(v/N)) and of a variance (√(2/N)·v) of N Gaussian draws; the mean is m up to
            // the forgotten √ᾱ_T m ≈ 0.002·(factor ≤ 1).
            Assert.True(Math.Abs(mean - M) < (5 * Math.Sqrt(expected / N)) + 0.002, $"{name}: mean {mean:F4}");
            Assert.True(Math.Abs(variance - expected) < 5 * Math.Sqrt(2.0 / N) * expected, $"{name}: variance {variance:F4}, expected {expected:F4}");
        }

        // The predictions themselves: 1000 ancestral steps give the data's variance, 10 DDIM steps visibly less (0.140).
        Assert.InRange(ancestralVariance, 0.245, 0.255);
        Assert.InRange(DdimVariance(10), 0.13, 0.15);
    }

    [Fact]
    public void SimpleLossOfTheExactNoisePredictorIsItsAverageConditionalVariance()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Cosine(100);

        // Point-mass data: ε is a function of x_t and t, so the exact predictor makes no error at all, at any t the loss draws.
        var point = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, 0.4, 0.0, dimensions: 3), schedule, [3]);
        var pointLoss = point.Loss(full(1000, 3, 0.4f), generator: new Generator(3)).item<float>();
        Assert.True(pointLoss < 1e-8, $"loss {pointLoss}");

        // Gaussian data N(m, s²): the minimum of E‖ε − ε̂‖² at step t is Var(ε | x_t) = ᾱ_t s²/(ᾱ_t s² + 1 − ᾱ_t), and t is
        // uniform on 1…T.
        const double S = 0.5;
        var expected = Enumerable.Range(1, 100).Average(t => schedule.AlphaBar(t) * S * S / ((schedule.AlphaBar(t) * S * S) + 1 - schedule.AlphaBar(t)));
        var gaussian = new Ddpm(MixtureNoisePredictor.Gaussian(schedule, 0.4, S), schedule, [1]);
        const int N = 400_000;
        var data = 0.4 + (S * randn([N, 1], generator: new Generator(4)));
        var loss = gaussian.Loss(data, generator: new Generator(5)).item<float>();
        // Each of the N terms (ε − ε̂)² lies in [0, ∞) with variance ≤ E(ε − ε̂)⁴ = 3 v_t² ≤ 3: standard error ≤ √(3/N) = 0.0027.
        Assert.True(Math.Abs(loss - expected) < 5 * Math.Sqrt(3.0 / N), $"loss {loss:F4}, expected {expected:F4}");
    }

    [Fact]
    public void ClassifierFreeGuidanceExtrapolatesFromTheNullPredictionAndTrainingDropsLabels()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(10);
        var network = new LabelEcho();
        var model = new Ddpm(network, schedule, [2], new DdpmOptions(LabelDropout: 0.25));
        var x = zeros(4, 2);
        var t = full(4, 5, dtype: int64);
        var labels = tensor(new long[] { 3, 0, 7, 9 });
        // ε̂ = (1 + w) ε(x, y) − w ε(x, ∅), with the echo network's ε(x, y) = y and ε(x, ∅) = −1: (1 + 2)·y + 2.
        var guided = model.PredictNoise(x, t, labels, guidance: 2);
        Assert.True(allclose(guided, (3 * labels.to_type(float32) + 2).unsqueeze(1).expand(4, 2)));
        Assert.True(allclose(model.PredictNoise(x, t, labels), labels.to_type(float32).unsqueeze(1).expand(4, 2)));

        model.Loss(zeros(40_000, 2), full(40_000, 4L, dtype: int64), new Generator(1));
        var dropped = (network.LastLabels! == DiffusionUNet.NullLabel).to_type(float64).mean().item<double>();
        // 40,000 Bernoulli(0.25) draws: standard error 0.0022.
        Assert.InRange(dropped, 0.25 - 0.011, 0.25 + 0.011);
        Assert.True((network.LastLabels! == 4).logical_or(network.LastLabels! == DiffusionUNet.NullLabel).all().item<bool>());
    }

    [Fact]
    public void SimpleLossDrawsItsStepsUniformlyFromOneToT()
    {
        using var scope = NewDisposeScope();
        var network = new LabelEcho();
        var model = new Ddpm(network, NoiseSchedule.Linear(10), [2]);
        model.Loss(zeros(40_000, 2), generator: new Generator(2));
        var counts = bincount(network.LastSteps!, minlength: 11).to_type(float64);
        Assert.Equal(0.0, counts[0].item<double>());                                                   // never t = 0
        Assert.Equal(11, counts.shape[0]);                                                             // never t > T
        var observed = counts.narrow(0, 1, 10);
        var statistic = ((observed - 4000).square() / 4000).sum().item<double>();
        // χ²₀.₉₉₉ with 9 degrees of freedom is 27.88; a draw from 1…T − 1 leaves t = T empty, χ² ≈ 4,400.
        Assert.True(statistic < 27.88, $"χ² = {statistic:F1}");
    }

    [Fact]
    public void DdimStepsAreEvenlySpacedAndAllStepsWhenSEqualsT()
    {
        Assert.Equal(Enumerable.Range(1, 10), Ddpm.DdimSteps(10, 10));
        var fifty = Ddpm.DdimSteps(1000, 50);
        Assert.Equal(50, fifty.Length);
        Assert.Equal(1, fifty[0]);
        Assert.Equal(981, fifty[^1]);
        Assert.All(fifty.Zip(fifty.Skip(1)), p => Assert.Equal(20, p.Second - p.First));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ddpm.DdimSteps(10, 11));
    }

    /// <summary>ε̂ = the label (−1 for ∅) in every coordinate, 0 without labels; remembers the labels and steps of its last call.</summary>
    private sealed class LabelEcho : INoisePredictor
    {
        public Tensor? LastLabels { get; private set; }

        public Tensor? LastSteps { get; private set; }

        public Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null)
        {
            LastLabels?.Dispose();
            LastSteps?.Dispose();
            LastSteps = t.clone().DetachFromDisposeScope();
            if (labels is null)
            {
                return zeros_like(noisy);
            }

            LastLabels = labels.clone().DetachFromDisposeScope();
            return labels.to_type(noisy.dtype).unsqueeze(1).expand(noisy.shape).clone();
        }
    }
}
