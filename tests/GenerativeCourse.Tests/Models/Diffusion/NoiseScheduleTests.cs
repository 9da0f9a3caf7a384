using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

public sealed class NoiseScheduleTests
{
    public NoiseScheduleTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void LinearScheduleRunsFromBetaOneToBetaTAndAlphaBarFallsToTheProductOfOneMinusBeta()
    {
        var schedule = NoiseSchedule.Linear();
        Assert.Equal(1000, schedule.Steps);
        Assert.Equal(1e-4, schedule.Beta(1), 15);
        Assert.Equal(0.02, schedule.Beta(1000), 15);
        Assert.Equal(1.0, schedule.AlphaBar(0));
        var logAlphaBar = 0.0;
        for (var t = 1; t <= 1000; t++)
        {
            // Ho et al.'s β_t, written here from the formula, and ᾱ_t as exp Σ log(1 − β_s): a different route to the product.
            var beta = 1e-4 + ((0.02 - 1e-4) * (t - 1) / 999.0);
            logAlphaBar += Math.Log(1 - beta);
            Assert.Equal(beta, schedule.Beta(t), 14);
            Assert.True(Math.Abs(schedule.AlphaBar(t) - Math.Exp(logAlphaBar)) < 1e-12 * Math.Exp(logAlphaBar) + 1e-300, $"ᾱ at t = {t}");
            Assert.True(schedule.AlphaBar(t) < schedule.AlphaBar(t - 1), $"ᾱ must fall at t = {t}");
        }

        // Ho et al. quote L_T ≈ 10⁻⁵ bits/dim, which needs ᾱ_T of order 10⁻⁵: here exp(−Σβ − …) ≈ 4.0·10⁻⁵.
        Assert.InRange(schedule.AlphaBar(1000), 3.9e-5, 4.2e-5);
    }

    [Fact]
    public void CosineScheduleFollowsTheSquaredCosineUntilTheClipAndEndsAboveZero()
    {
        var schedule = NoiseSchedule.Cosine();
        const double S = 0.008;
        static double F(double t) => Math.Pow(Math.Cos((t / 1000 + S) / (1 + S) * Math.PI / 2), 2);
        for (var t = 1; t <= 1000; t++)
        {
            Assert.True(schedule.AlphaBar(t) < schedule.AlphaBar(t - 1), $"ᾱ must fall at t = {t}");
            Assert.InRange(schedule.Beta(t), 0, 0.999);
        }

        // Unclipped steps reproduce f(t)/f(0) to float64 rounding of a product of ≤ 1000 factors.
        foreach (var t in new[] { 1, 10, 250, 500, 750, 900, 990 })
        {
            Assert.True(Math.Abs(schedule.AlphaBar(t) - (F(t) / F(0))) < 1e-12, $"t = {t}: {schedule.AlphaBar(t)} vs {F(t) / F(0)}");
        }

        // f(T) = 0 would make β_T = 1 and ᾱ_T = 0; the clip at 0.999 leaves ᾱ_T = ᾱ_{T−1}·0.001 > 0.
        Assert.Equal(0.999, schedule.Beta(1000), 12);
        Assert.Equal(schedule.AlphaBar(999) * 0.001, schedule.AlphaBar(1000), 15);
        Assert.True(schedule.AlphaBar(1000) > 0);
        // Nichol & Dhariwal's point: ᾱ falls linearly-ish in the middle instead of collapsing early (linear: ᾱ_500 ≈ 0.08).
        Assert.InRange(schedule.AlphaBar(500), 0.45, 0.55);
    }

    [Fact]
    public void PosteriorMeanAndVarianceAreBayesRuleForTheTwoGaussianFactors()
    {
        using var scope = NewDisposeScope();
        foreach (var schedule in new[] { NoiseSchedule.Linear(), NoiseSchedule.Cosine(), NoiseSchedule.Linear(5, 0.05, 0.4) })
        {
            var process = new ForwardProcess(schedule);
            var generator = new Generator(11);
            var x0 = randn([6, 3], dtype: float64, generator: generator);
            var xt = randn([6, 3], dtype: float64, generator: generator);
            foreach (var step in new[] { 2, 3, schedule.Steps / 2 + 1, schedule.Steps })
            {
                var t = full(6, step, dtype: int64);
                var (mean, variance) = process.Posterior(x0, xt, t);
                // Independently: q(x_{t−1} | x_0) = N(a x_0, u) and q(x_t | x_{t−1}) = N(√α x_{t−1}, β) multiply into a
                // Gaussian in x_{t−1} with precision 1/u + α/β and mean (a x_0/u + √α x_t/β)/precision.
                var a = Math.Sqrt(schedule.AlphaBar(step - 1));
                var u = 1 - schedule.AlphaBar(step - 1);
                var beta = schedule.Beta(step);
                var precision = (1 / u) + ((1 - beta) / beta);
                var expectedMean = ((a / u * x0) + (Math.Sqrt(1 - beta) / beta * xt)) / precision;
                Assert.True(allclose(mean, expectedMean, rtol: 1e-9, atol: 1e-12), $"{schedule}, t = {step}: posterior mean");
                Assert.True(allclose(variance, full(6, 1 / precision, dtype: float64), rtol: 1e-9, atol: 0), $"{schedule}, t = {step}: β̃");
            }

            // At t = 1, x_0 is given: the posterior is the point x_0.
            var (mean1, variance1) = process.Posterior(x0, xt, full(6, 1, dtype: int64));
            // c0 = β_1/(1 − ᾱ_1) is 1 only up to the rounding of 1 − (1 − β_1), a relative 10⁻¹² for β_1 = 10⁻⁴.
            Assert.True(allclose(mean1, x0, rtol: 0, atol: 1e-11), $"t = 1: mean {(mean1 - x0).abs().max().item<double>()} from x_0");
            Assert.Equal(0.0, variance1.abs().max().item<double>());
        }
    }

    [Fact]
    public void StepsOutsideTheScheduleAreRefused()
    {
        var schedule = NoiseSchedule.Linear(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AlphaBar(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.PosteriorVariance(0));
        using var t = tensor(new long[] { 3, 11 });
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Gather(t, schedule.AlphaBar));
    }
}
