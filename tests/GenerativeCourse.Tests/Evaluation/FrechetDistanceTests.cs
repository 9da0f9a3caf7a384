using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class FrechetDistanceTests
{
    public FrechetDistanceTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EqualsTheClosedFormForTwoDimensionalGaussiansWhoseCovariancesDoNotCommute()
    {
        using var scope = NewDisposeScope();
        var s1 = tensor(new double[] { 2.0, 0.6, 0.6, 1.0 }, [2, 2]);
        var s2 = tensor(new double[] { 0.5, -0.3, -0.3, 1.5 }, [2, 2]);
        Assert.False(s1.matmul(s2).allclose(s2.matmul(s1)));
        var m1 = tensor(new double[] { 1.0, -2.0 });
        var m2 = tensor(new double[] { 0.5, 1.0 });

        // For 2 × 2 matrices with positive eigenvalues λ₁, λ₂: tr √A = √λ₁ + √λ₂ = √(tr A + 2√det A), with A = Σ₁Σ₂.
        var trA = s1.matmul(s2).trace().item<double>();
        var detA = s1.det().item<double>() * s2.det().item<double>();
        var expected = (0.5 * 0.5) + (3.0 * 3.0) + 3.0 + 2.0 - (2 * Math.Sqrt(trA + (2 * Math.Sqrt(detA))));

        // float64 eigendecompositions of 2 × 2 matrices of order 1: ~1e-15 relative.
        Assert.Equal(expected, FrechetDistance.BetweenGaussians(m1, s1, m2, s2), 1e-12);
        Assert.Equal(expected, FrechetDistance.BetweenGaussians(m2, s2, m1, s1), 1e-12);   // symmetric in its arguments
    }

    [Fact]
    public void EqualsTheSumOverCoordinatesForDiagonalCovariances()
    {
        using var scope = NewDisposeScope();
        double[] a = [0.1, 1, 4, 9, 2.5], b = [0.4, 1, 1, 16, 0.01];
        double[] mu = [0, 1, -1, 2, 0.5], nu = [0, 0, 0, 0, 0];
        // Independent coordinates: d² = Σ_i (μ_i − ν_i)² + (√a_i − √b_i)², the 1-D 2-Wasserstein distance squared.
        var expected = Enumerable.Range(0, 5).Sum(i => Math.Pow(mu[i] - nu[i], 2) + Math.Pow(Math.Sqrt(a[i]) - Math.Sqrt(b[i]), 2));
        var actual = FrechetDistance.BetweenGaussians(tensor(mu), diag(tensor(a)), tensor(nu), diag(tensor(b)));
        Assert.Equal(expected, actual, 1e-12);
    }

    [Fact]
    public void IsZeroForIdenticalSetsAndTheSquaredShiftForTranslatedSets()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1);
        var mixing = randn(8, 8, dtype: float64, generator: generator);
        var x = randn(500, 8, dtype: float64, generator: generator).matmul(mixing) + 3;   // correlated, tr Σ ≈ 64
        var shift = tensor(new double[] { 1, -2, 0, 0.5, 0, 0, 3, 0 });

        // Same covariance on both sides: the trace terms cancel to rounding, ~1e-13 of tr Σ ≈ 64 in float64.
        Assert.Equal(0.0, FrechetDistance.Compute(x, x), 1e-9);
        Assert.Equal(shift.square().sum().item<double>(), FrechetDistance.Compute(x, x + shift), 1e-9);
        Assert.Equal(0.0, FrechetDistance.Compute(x.to(float32), x.to(float32)), 1e-9);
        Assert.True(FrechetDistance.Compute(x, x * 1.1) > 0.1);
    }

    [Fact]
    public void EstimateFromLargeSamplesApproachesTheDistanceBetweenTheTrueGaussians()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(2);
        var l1 = tensor(new double[] { 1, 0, 0, 0.5, 1, 0, -0.3, 0.2, 0.7 }, [3, 3]);   // Σ = L Lᵀ
        var l2 = tensor(new double[] { 0.6, 0, 0, 0, 1.3, 0, 0.4, -0.5, 0.9 }, [3, 3]);
        var m1 = tensor(new double[] { 0, 0, 0 });
        var m2 = tensor(new double[] { 0.5, 0, -0.5 });
        var exact = FrechetDistance.BetweenGaussians(m1, l1.matmul(l1.t()), m2, l2.matmul(l2.t()));

        const int N = 200_000;
        var a = randn(N, 3, dtype: float64, generator: generator).matmul(l1.t()) + m1;
        var b = randn(N, 3, dtype: float64, generator: generator).matmul(l2.t()) + m2;
        // Means and covariances of 2·10⁵ draws have relative errors ~1/√N ≈ 0.002 on entries of order 1, so d² (≈ 1
        // here) is off by a few 1e-3; 0.02 is several times that and still far below d² itself.
        Assert.True(exact > 0.5, $"exact {exact}");
        Assert.Equal(exact, FrechetDistance.Compute(a, b), 0.02);
    }
}
