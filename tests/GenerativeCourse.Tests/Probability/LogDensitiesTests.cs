using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class LogDensitiesTests
{
    public LogDensitiesTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void BernoulliLogProbEqualsTheTextbookFormulaForModerateLogits()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var logits = (randn(8, 5, dtype: float64, generator: g) * 3).clamp(-15, 15);
        var x = bernoulli(full(8, 5, 0.5, dtype: float64), g);

        var p = sigmoid(logits);
        var textbook = (x * p.log() + (1 - x) * (1 - p).log()).sum(1);

        // float64: both forms agree to rounding (|log p| ≤ 15 per dimension, relative error ~1e-16).
        AssertClose(textbook, LogDensities.BernoulliLogProb(logits, x), 1e-12);
    }

    [Fact]
    public void BernoulliLogProbIsMinusBinaryCrossEntropyWithLogits()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(2);
        var logits = randn(6, 4, dtype: float64, generator: g) * 4;
        var x = bernoulli(full(6, 4, 0.3, dtype: float64), g);

        var bce = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None).sum(1);

        AssertClose(-bce, LogDensities.BernoulliLogProb(logits, x), 1e-12);
    }

    [Fact]
    public void BernoulliLogProbStaysExactForHugeLogitsWhereTheNaiveFormFails()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 1000f, -1000f, 1000f, -1000f }).reshape(4, 1);
        var x = tensor(new[] { 1f, 0f, 0f, 1f }).reshape(4, 1);

        var stable = LogDensities.BernoulliLogProb(logits, x);
        // Agreeing signs are certain events (log 1 = 0); disagreeing ones cost |l| = 1000 nats. The values
        // are exact in float32: softplus(1000) = 1000 and softplus(−1000) underflows to exactly 0.
        Assert.Equal(new[] { 0f, 0f, -1000f, -1000f }, stable.data<float>().ToArray());

        var p = sigmoid(logits);
        var naive = (x * p.log() + (1 - x) * (1 - p).log()).sum(1);
        Assert.False(naive.isfinite().all().item<bool>(), "the naive form should overflow here; otherwise this test shows nothing");
    }

    [Fact]
    public void LogDensitiesSumEveryDimensionButTheBatch()
    {
        using var scope = NewDisposeScope();
        var x = ones(3, 2, 4);
        var logits = zeros(2, 4);

        var result = LogDensities.BernoulliLogProb(logits, x);

        Assert.Equal(new long[] { 3 }, result.shape);
        // Eight fair coins: 8 ln ½ per example (float32 rounding of 5.545 is below 1e-6).
        Assert.All(result.data<float>().ToArray(), v => Assert.Equal(-8 * Math.Log(2), v, 1e-5));
    }

    [Fact]
    public void GaussianLogProbMatchesTheFormulaAtAKnownPoint()
    {
        using var scope = NewDisposeScope();
        // x = 3, μ = 1, σ² = 4: −½ (log 2π + log 4 + (3 − 1)²/4) = −½ (log 2π + log 4 + 1).
        var value = LogDensities.GaussianLogProb(tensor(new[] { 3.0 }).reshape(1, 1), tensor(1.0), tensor(Math.Log(4)));

        Assert.Equal(-0.5 * (Math.Log(2 * Math.PI) + Math.Log(4) + 1), value.item<double>(), 1e-14);
    }

    [Fact]
    public void GaussianDensityIntegratesToOne()
    {
        using var scope = NewDisposeScope();
        var (mean, logVariance) = (0.7, Math.Log(0.3 * 0.3));
        var total = IntegrateOnGrid(x => LogDensities.GaussianLogProb(x, tensor(mean), tensor(logVariance)), mean - 4, mean + 4);

        // ±13σ holds all but ~1e-38 of the mass; the trapezoid rule's error on a smooth density with a step
        // of 1e-4 is below 1e-8.
        Assert.Equal(1.0, total, 1e-7);
    }

    [Fact]
    public void LogisticDensityIsTheDerivativeOfTheSigmoid()
    {
        using var scope = NewDisposeScope();
        var (location, scale) = (-0.5, 2.0);
        var x = linspace(-20, 20, 101, dtype: float64).reshape(-1, 1);

        var z = (x - location) / scale;
        var expected = (sigmoid(z) * (1 - sigmoid(z)) / scale).log().squeeze(1);
        var actual = LogDensities.LogisticLogProb(x, tensor(location), tensor(Math.Log(scale)));

        // The reference loses precision, not ours: at z = ±10, 1 − σ(z) ≈ 4.5e-5 carries an absolute rounding
        // error of ~1e-16, a relative error of ~2e-12 in its log. 1e-10 leaves room for that.
        AssertClose(expected, actual, 1e-10);
    }

    [Fact]
    public void LogisticDensityIntegratesToOneAndHasFiniteTails()
    {
        using var scope = NewDisposeScope();
        var (location, logScale) = (1.0, Math.Log(0.5));
        var total = IntegrateOnGrid(x => LogDensities.LogisticLogProb(x, tensor(location), tensor(logScale)), location - 25, location + 25);

        // The logistic tails beyond ±25 (50 scales) hold 2e^−50 ≈ 4e−22 of the mass; trapezoid error < 1e-8.
        Assert.Equal(1.0, total, 1e-7);

        // Far tails in float32: log p = −|z| − log s − 2 softplus(−|z|) = −1000 exactly when s = 1.
        var tails = LogDensities.LogisticLogProb(tensor(new[] { 1000f, -1000f }), tensor(0f), tensor(0f));
        Assert.Equal(new[] { -1000f, -1000f }, tails.data<float>().ToArray());
    }

    private static double IntegrateOnGrid(Func<Tensor, Tensor> logDensity, double from, double to)
    {
        using var scope = NewDisposeScope();
        const int Points = 500_001;
        var x = linspace(from, to, Points, dtype: float64).reshape(-1, 1);
        return trapezoid(logDensity(x).exp(), x.squeeze(1)).item<double>();
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        var difference = (expected - actual).abs().max().item<double>();
        Assert.True(difference <= tolerance, $"largest difference {difference:E3} exceeds {tolerance:E1}");
    }
}
