using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>Langevin dynamics with an exact score samples its target.</summary>
public sealed class LangevinTests
{
    private readonly ITestOutputHelper output;

    public LangevinTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        this.output = output;
    }

    /// <summary>χ²₀.₉₉₉ critical values: a correct sampler exceeds them with probability 0.001 (fixed seeds, so never flaky).</summary>
    private const double ChiSquareCritical2 = 13.816;
    private const double ChiSquareCritical9 = 27.877;

    [Fact]
    public void LangevinWithTheExactScoreHasTheMixturesMomentsAndBinFrequencies()
    {
        using var scope = NewDisposeScope();
        // Overlapping bumps, so the chain crosses between them in a few hundred steps; step 0.01, whose O(ε) bias on the
        // variance (ε/(4s²) ≈ 1% for the narrowest bump) is below the tolerances at N = 4,000 chains.
        var mixture = new GaussianMixture([0.7, 0.3], new double[,] { { -0.6, 0.0 }, { 0.8, 0.5 } }, [0.5, 0.6]);
        const int N = 4000;
        var start = 3 * randn([N, 2], generator: new Generator(1));
        var x = AnnealedLangevin.Run(p => mixture.Score(p), start, steps: 1500, stepSize: 0.01, new Generator(2)).to_type(float64);

        var mean = x.mean([0]);
        var covariance = cov(x.T);
        var expectedMean = mixture.Mean();
        var expectedCovariance = mixture.Covariance();
        // Independent chains: standard error of a mean √(Σ_ii/N) ≈ 0.013, of a covariance entry ≈ √(2/N)·Σ_ii ≈ 0.016;
        // the tolerances are about 4 of them (this seed: gaps 0.004 and 0.013).
        Assert.True((mean - expectedMean).abs().max().item<double>() < 0.05, $"mean {mean[0].item<double>():F3}, {mean[1].item<double>():F3}");
        Assert.True((covariance - expectedCovariance).abs().max().item<double>() < 0.07, "covariance");

        // χ² on 10 bins of the first coordinate, whose exact law is a 1-D mixture: bin probabilities from the normal CDF.
        var edges = new[] { double.NegativeInfinity, -1.5, -1.0, -0.6, -0.3, 0.0, 0.3, 0.6, 1.0, 1.5, double.PositiveInfinity };
        var first = x[.., 0];
        var statistic = 0.0;
        for (var b = 0; b < 10; b++)
        {
            var observed = ((first >= edges[b]) & (first < edges[b + 1])).sum().item<long>();
            var probability = (0.7 * (Phi((edges[b + 1] + 0.6) / 0.5) - Phi((edges[b] + 0.6) / 0.5)))
                + (0.3 * (Phi((edges[b + 1] - 0.8) / 0.6) - Phi((edges[b] - 0.8) / 0.6)));
            Assert.True(probability * N > 5, "χ² needs at least 5 expected per bin");
            statistic += Math.Pow(observed - (probability * N), 2) / (probability * N);
        }

        output.WriteLine($"mean gap {(mean - expectedMean).abs().max().item<double>():F4}, covariance gap {(covariance - expectedCovariance).abs().max().item<double>():F4}, χ² {statistic:F1}");
        Assert.True(statistic < ChiSquareCritical9, $"χ² = {statistic:F1} with 9 degrees of freedom");
    }

    [Fact]
    public void AnnealedLangevinGetsTheWeightsOfSeparatedModesRight()
    {
        using var scope = NewDisposeScope();
        // Three well-separated bumps with weights 0.5, 0.3, 0.2: plain Langevin keeps whatever proportions its start
        // gave it, annealing from σ = 3 recovers the weights (Song & Ermon 2019, figure 3).
        var mixture = ScoreMatchingTests.ThreeBumps();
        const int N = 3000;
        var start = (rand([N, 2], generator: new Generator(3)) * 8) - 4;                                  // uniform on [−4, 4]²
        var sigmas = DenoisingScoreMatching.GeometricLevels(3.0, 0.01, 10);
        var x = AnnealedLangevin.Sample((p, s) => mixture.Score(p, s[0].item<float>()), start, sigmas, stepsPerLevel: 100, epsilon: 2e-5, new Generator(4));
        var (annealedStatistic, annealedCounts) = WeightsChiSquare(mixture, x);
        Assert.True(annealedStatistic < ChiSquareCritical2, $"annealed: χ² = {annealedStatistic:F1}, counts {string.Join(", ", annealedCounts)}");

        // The power of the test: plain Langevin on the clean score from the same uniform start, for as many steps.
        var plain = AnnealedLangevin.Run(p => mixture.Score(p), start, steps: 1000, stepSize: 2e-3, new Generator(4));
        var (plainStatistic, plainCounts) = WeightsChiSquare(mixture, plain);
        output.WriteLine($"annealed χ² {annealedStatistic:F1} ({string.Join(", ", annealedCounts)}), plain χ² {plainStatistic:F1} ({string.Join(", ", plainCounts)})");
        Assert.True(plainStatistic > ChiSquareCritical2, $"plain: χ² = {plainStatistic:F1}, counts {string.Join(", ", plainCounts)}");
    }

    /// <summary>χ² of the counts of the nearest component (by responsibility) against the weights; 2 degrees of freedom.</summary>
    private static (double Statistic, long[] Counts) WeightsChiSquare(GaussianMixture mixture, Tensor x)
    {
        var component = MixtureResponsibilities(mixture, x).argmax(1);
        var counts = bincount(component, minlength: 3).data<long>().ToArray();
        var statistic = counts.Select((c, k) => Math.Pow(c - (mixture.Weights[k] * x.shape[0]), 2) / (mixture.Weights[k] * x.shape[0])).Sum();
        return (statistic, counts);
    }

    private static Tensor MixtureResponsibilities(GaussianMixture mixture, Tensor x)
    {
        // Distances to the three means of ThreeBumps scaled by their widths; the bumps are far apart, so this is the argmax.
        var means = tensor(new double[] { -1.5, 0.0, 1.0, 1.0, 1.0, -1.2 }, [3, 2]);
        var widths = tensor(new double[] { 0.3, 0.4, 0.25 });
        return -((x.to_type(float64).unsqueeze(1) - means).square().sum(-1) / widths.square());
    }

    private static double Phi(double z) => double.IsNegativeInfinity(z) ? 0 : double.IsPositiveInfinity(z) ? 1 : 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>erfc by Numerical Recipes' Chebyshev fit (relative error below 1.2·10⁻⁷ everywhere).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            polynomial = (polynomial * t) + c[i];
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2 - r;
    }
}
