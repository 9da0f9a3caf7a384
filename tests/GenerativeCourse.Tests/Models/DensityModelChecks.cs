using GenerativeCourse.Models;
using GenerativeCourse.Probability;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models;

/// <summary>The exact and statistical checks every small explicit-density model must pass (DESIGN §8).</summary>
internal static class DensityModelChecks
{
    /// <summary>
    /// χ²₀.₉₉₉ with 15 degrees of freedom (16 outcomes of D = 4 minus one): a correct sampler exceeds it with
    /// probability 0.001. Seeds are fixed, so a passing test never flakes; a wrong sampler (a missing
    /// conditioning, the wrong order) misses the 16 probabilities by several percent and gives a statistic in
    /// the hundreds with 20,000 samples.
    /// </summary>
    public const double ChiSquareCritical15 = 37.697;

    /// <summary>
    /// Asserts that <paramref name="count"/> samples are binary vectors of the model's dimension and that the
    /// same generator seed gives the same samples.
    /// </summary>
    public static void AssertSamplesAreBinaryAndReproducible(IDensityModel model, int count, ulong seed)
    {
        using var scope = NewDisposeScope();
        var first = model.Sample(count, new Generator(seed));
        var second = model.Sample(count, new Generator(seed));

        Assert.Equal(new long[] { count, model.Dimensions }, first.shape);
        Assert.True(first.equal(second).all().item<bool>());
        Assert.True((first == 0).logical_or(first == 1).all().item<bool>());
    }

    /// <summary>Σ over all 2^D binary vectors of exp(log p(x)), accumulated in float64.</summary>
    public static double TotalProbability(IDensityModel model, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var all = BinaryVectors.Enumerate(model.Dimensions, dtype);
        return model.LogProb(all).to_type(float64).exp().sum().item<double>();
    }

    /// <summary>
    /// Pearson's χ² statistic of <paramref name="samples"/> against the model's own probabilities of all
    /// 2^D outcomes, and the smallest expected count (the test is valid when it is at least 5).
    /// </summary>
    public static (double Statistic, double SmallestExpected) ChiSquare(IDensityModel model, int samples, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outcomes = 1 << model.Dimensions;
        var drawn = model.Sample(samples, new Generator(seed));
        var observed = bincount(BinaryVectors.IndexOf(drawn), minlength: outcomes).to_type(float64);
        var expected = model.LogProb(BinaryVectors.Enumerate(model.Dimensions)).to_type(float64).exp() * samples;
        var statistic = ((observed - expected).square() / expected).sum().item<double>();
        return (statistic, expected.min().item<double>());
    }
}
