using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class PerceptualPathLengthTests
{
    public PerceptualPathLengthTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(LatentInterpolation.Linear)]
    [InlineData(LatentInterpolation.Spherical)]
    public void AGeneratorThatIgnoresItsLatentHasPathLengthZero(LatentInterpolation interpolation)
    {
        using var scope = NewDisposeScope();
        var image = rand(1, 784, generator: new Generator(12));
        var report = PerceptualPathLength.Compute(z => image.expand(z.shape[0], 784), x => x, latentSize: 8, pairs: 300, interpolation);
        Assert.Equal(0.0, report.Mean);
        Assert.Equal(0.0, report.StandardError);
        Assert.All(report.PairValues, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void ALinearGeneratorUnderLerpHasTheAnalyticPathLength()
    {
        using var scope = NewDisposeScope();
        var a = randn(6, 4, dtype: float64, generator: new Generator(13));                        // G(z) = A z, [6, 4]
        var a32 = a.to(float32);
        const int Pairs = 4000;
        var report = PerceptualPathLength.Compute(
            z => z.matmul(a32.t()), x => x, latentSize: 4, Pairs, LatentInterpolation.Linear, trimPercent: 0, seed: 1);

        // G(lerp(t + ε)) − G(lerp(t)) = ε A (z₂ − z₁), so every pair's value is ‖A Δ‖² with Δ = z₂ − z₁ ~ N(0, 2I),
        // whatever t and ε: E = 2 tr(AᵀA) = 2‖A‖²_F, Var = 8‖AᵀA‖²_F (a weighted sum of χ²₁ with weights 2λ_i(AᵀA)).
        var expected = 2 * a.square().sum().item<double>();
        var sd = Math.Sqrt(8 * a.t().matmul(a).square().sum().item<double>());
        var error = sd / Math.Sqrt(Pairs);
        // Within 4 standard errors (two-sided chance 6e-5). float32 rounding of G's output adds ~1e-3 relative noise
        // per coordinate to ε A Δ, a bias of ~1e-6 relative, far below the Monte Carlo error of 1/√4000 ≈ 1.6 %.
        Assert.True(Math.Abs(report.Mean - expected) < 4 * error, $"{report}, expected {expected:G4} ± {error:G2}");
        // The reported standard error estimates sd/√n; its own relative error over 4,000 pairs is a few percent.
        Assert.Equal(error, report.StandardError, 0.15 * error);
        Assert.Equal(Pairs, report.Kept);
    }

    [Fact]
    public void TrimmingKeepsTheValuesBetweenTheLowerFirstAndHigherNinetyNinthPercentiles()
    {
        using var scope = NewDisposeScope();
        var a = randn(3, 2, generator: new Generator(14));
        var report = PerceptualPathLength.Compute(z => z.matmul(a.t()), x => x, latentSize: 2, pairs: 1000, seed: 2);
        // Over n = 1000 values the 1st percentile ("lower") is the sorted value at ⌊0.01·999⌋ = 9 and the 99th
        // ("higher") the one at ⌈0.99·999⌉ = 990: 982 values kept.
        var sorted = report.PairValues.Order().ToArray();
        var kept = sorted[9..991];
        Assert.Equal(1000, report.PairValues.Count);
        Assert.Equal(982, report.Kept);
        Assert.Equal(kept.Average(), report.Mean, 1e-9 * kept.Average());
        Assert.True(report.Mean < report.PairValues.Average());   // the long right tail is cut
    }

    [Fact]
    public void SameSeedSamePairsAndDifferentSeedsDiffer()
    {
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor> g = z => z.tanh();
        var a = PerceptualPathLength.Compute(g, x => x, 5, 50, seed: 3);
        var b = PerceptualPathLength.Compute(g, x => x, 5, 50, seed: 3, batchSize: 7);
        var c = PerceptualPathLength.Compute(g, x => x, 5, 50, seed: 4);
        Assert.Equal(a.Mean, b.Mean, 1e-9 * a.Mean);   // batching does not change the draws
        Assert.NotEqual(a.Mean, c.Mean);
    }

    [Fact]
    public void SlerpOfUnitVectorsStaysOnTheSphereAtConstantAngularSpeed()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(15);
        var a = nn.functional.normalize(randn(200, 5, dtype: float64, generator: generator), dim: 1);
        var b = nn.functional.normalize(randn(200, 5, dtype: float64, generator: generator), dim: 1);
        var t = rand(200, dtype: float64, generator: generator);

        var p = PerceptualPathLength.Slerp(a, b, t);                                               // [200, 5]
        var omega = (a * b).sum(1).acos();
        // float64 trigonometry: norms to ~1e-15; the angle through acos near 1 to ~1e-8.
        Assert.True(p.norm(1).allclose(ones(200, dtype: float64), rtol: 0, atol: 1e-12));
        Assert.True((a * p).sum(1).clamp(-1, 1).acos().allclose(t * omega, rtol: 0, atol: 1e-7));
        Assert.True(PerceptualPathLength.Slerp(a, b, zeros_like(t)).allclose(a, rtol: 0, atol: 1e-12));
        Assert.True(PerceptualPathLength.Slerp(a, b, ones_like(t)).allclose(b, rtol: 0, atol: 1e-12));
        // Parallel endpoints (Ω = 0) take lerp's weights instead of 0/0.
        Assert.True(PerceptualPathLength.Slerp(a, 2 * a, t).allclose(PerceptualPathLength.Lerp(a, 2 * a, t), rtol: 0, atol: 1e-12));
        // A straight line is not an arc: lerp leaves the sphere halfway between two orthogonal vectors.
        var e = eye(2, dtype: float64);
        Assert.Equal(Math.Sqrt(0.5), PerceptualPathLength.Lerp(e[0].unsqueeze(0), e[1].unsqueeze(0), tensor(new[] { 0.5 })).norm().item<double>(), 1e-15);
    }

    [Fact]
    public void BadArgumentsGiveSpecificErrors()
    {
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor> g = z => z;
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => PerceptualPathLength.Compute(g, x => x, 2, 10, epsilon: 0)).ParamName);
        Assert.Equal("trimPercent", Assert.Throws<ArgumentOutOfRangeException>(() => PerceptualPathLength.Compute(g, x => x, 2, 10, trimPercent: 50)).ParamName);
        var rows = Assert.Throws<ArgumentException>(() => PerceptualPathLength.Compute(g, x => x.sum(0, keepdim: true), 2, 10));
        Assert.Equal("features", rows.ParamName);
        Assert.Contains("Expected the features of 20 images, [20, f], got [1, 2]", rows.Message, StringComparison.Ordinal);
    }
}
