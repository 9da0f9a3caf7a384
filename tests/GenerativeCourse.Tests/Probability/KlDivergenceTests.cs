using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class KlDivergenceTests
{
    private const int Samples = 200_000;

    public KlDivergenceTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ClosedFormKlToTheStandardNormalEqualsAMonteCarloEstimate()
    {
        using var scope = NewDisposeScope();
        var mean = tensor(new[] { 0.5, -1.2, 2.0 }).reshape(1, 3);
        var logVariance = tensor(new[] { Math.Log(0.3), Math.Log(2.5), 0.0 }).reshape(1, 3);

        var closed = KlDivergence.FromStandardNormal(mean, logVariance).item<double>();
        var (estimate, standardError) = MonteCarloKl(mean, logVariance, zeros(1, 3, dtype: float64), zeros(1, 3, dtype: float64), seed: 5);

        // The estimate is a mean of 200,000 independent terms, so it is within 5 standard errors of the truth
        // except with probability 6e-7 (and the seed is fixed, so the outcome never changes).
        Assert.InRange(closed, estimate - (5 * standardError), estimate + (5 * standardError));
        Assert.True(standardError < 0.01 * closed, "the check must be sharp: standard error below 1% of the KL");
    }

    [Fact]
    public void ClosedFormKlBetweenDiagonalGaussiansEqualsAMonteCarloEstimate()
    {
        using var scope = NewDisposeScope();
        var mean1 = tensor(new[] { 0.3, 1.0 }).reshape(1, 2);
        var logVariance1 = tensor(new[] { Math.Log(0.5), Math.Log(1.5) }).reshape(1, 2);
        var mean2 = tensor(new[] { -0.4, 2.0 }).reshape(1, 2);
        var logVariance2 = tensor(new[] { Math.Log(2.0), Math.Log(0.8) }).reshape(1, 2);

        var closed = KlDivergence.BetweenDiagonalGaussians(mean1, logVariance1, mean2, logVariance2).item<double>();
        var (estimate, standardError) = MonteCarloKl(mean1, logVariance1, mean2, logVariance2, seed: 6);

        // Same 5-standard-error bound as above.
        Assert.InRange(closed, estimate - (5 * standardError), estimate + (5 * standardError));
        Assert.True(standardError < 0.01 * closed);
    }

    [Fact]
    public void KlIsZeroForIdenticalGaussiansAndPositiveOtherwise()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var mean = randn(10, 4, dtype: float64, generator: g);
        var logVariance = randn(10, 4, dtype: float64, generator: g);

        var same = KlDivergence.BetweenDiagonalGaussians(mean, logVariance, mean, logVariance);
        var shifted = KlDivergence.BetweenDiagonalGaussians(mean, logVariance, mean + 0.1, logVariance);

        Assert.Equal(new long[] { 10 }, same.shape);
        Assert.True(same.abs().max().item<double>() < 1e-14);
        Assert.True(shifted.min().item<double>() > 0);
    }

    [Fact]
    public void KlToAStandardSecondGaussianEqualsTheStandardNormalForm()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(8);
        var mean = randn(5, 3, dtype: float64, generator: g);
        var logVariance = randn(5, 3, dtype: float64, generator: g);

        var general = KlDivergence.BetweenDiagonalGaussians(mean, logVariance, zeros_like(mean), zeros_like(mean));
        var special = KlDivergence.FromStandardNormal(mean, logVariance);

        Assert.True((general - special).abs().max().item<double>() < 1e-13);
    }

    /// <summary>E_q[log q(z) − log p(z)] from samples z ~ q, with the standard error of that mean.</summary>
    private static (double Estimate, double StandardError) MonteCarloKl(
        Tensor mean1, Tensor logVariance1, Tensor mean2, Tensor logVariance2, ulong seed)
    {
        using var scope = NewDisposeScope();
        var epsilon = randn(Samples, mean1.shape[1], dtype: float64, generator: new Generator(seed));
        var z = mean1 + ((0.5 * logVariance1).exp() * epsilon);                        // [samples, D]
        var terms = LogDensities.GaussianLogProb(z, mean1, logVariance1) - LogDensities.GaussianLogProb(z, mean2, logVariance2);
        return (terms.mean().item<double>(), terms.std().item<double>() / Math.Sqrt(Samples));
    }
}
