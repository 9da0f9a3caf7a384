using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Adversarial;

public sealed class WassersteinLossesTests
{
    public WassersteinLossesTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void GradientPenaltyOfALinearCriticIsLambdaTimesTheSquaredGapOfItsWeightNormToOne()
    {
        using var scope = NewDisposeScope();
        // A critic with no hidden layer is l(x) = w·x + b, so ∇_x̂ l = w at every interpolate: GP = λ(‖w‖ − 1)², whatever
        // the real and fake points and ε; its gradient in w is 2λ(‖w‖ − 1) w/‖w‖.
        using var model = new Gan(new GanOptions(Dimensions: 3, DiscriminatorHidden: [], Loss: GeneratorLoss.Wasserstein), new Generator(1));
        var w = model.DiscriminatorParameters().First();
        var real = randn(16, 3, generator: new Generator(2));
        var fake = randn(16, 3, generator: new Generator(3)) + 4;
        var penalty = WassersteinLosses.GradientPenalty(model.Discriminate, real, fake, 10.0, new Generator(4));
        var gradient = autograd.grad([penalty], [w])[0];

        var norm = w.norm().item<float>();
        // float32 norms of 3 numbers of order 1: ~1e-7 relative; the 1e-12 under the square root is far below that.
        Assert.Equal(10.0 * Math.Pow(norm - 1, 2), penalty.item<float>(), 1e-5);
        Assert.True(gradient.allclose(20.0 * (norm - 1) * w / norm, rtol: 1e-4, atol: 1e-6), $"{gradient.str()}");
    }

    [Fact]
    public void GradientPenaltyIsZeroForCriticsWithUnitGradientNorm()
    {
        using var scope = NewDisposeScope();
        var real = randn(64, 5, dtype: float64, generator: new Generator(5));
        var fake = randn(64, 5, dtype: float64, generator: new Generator(6)) * 3;
        // A unit direction u: l(x) = u·x has ∇l = u everywhere. The distance to a point c, l(x) = ‖x − c‖, has ∇l =
        // (x − c)/‖x − c‖ of norm 1 wherever x ≠ c (interpolates hit c with probability 0): both are 1-Lipschitz with
        // slope exactly 1, the optimal critic's property the penalty asks for, so it vanishes up to float64 rounding.
        var u = randn(5, dtype: float64, generator: new Generator(7));
        u /= u.norm();
        var c = full(5, 10.0, dtype: float64);
        Assert.Equal(0.0, WassersteinLosses.GradientPenalty(x => x.matmul(u), real, fake, 10.0, new Generator(8)).item<double>(), 1e-12);
        Assert.Equal(0.0, WassersteinLosses.GradientPenalty(x => (x - c).norm(1), real, fake, 10.0, new Generator(8)).item<double>(), 1e-12);
        // Twice as steep: (2 − 1)² per example, times λ.
        Assert.Equal(10.0, WassersteinLosses.GradientPenalty(x => 2 * x.matmul(u), real, fake, 10.0, new Generator(8)).item<double>(), 1e-9);
    }

    [Fact]
    public void CriticAndGeneratorLossesAreTheDifferenceOfMeanCriticValues()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new double[] { 1, 2, 3 });
        var fake = tensor(new double[] { -1, 0.5 });
        // E[l(fake)] − E[l(real)] = −0.25 − 2 = −2.25: the critic says W₁ ≥ 2.25 (for a 1-Lipschitz l); G minimises −E[l(fake)] = 0.25.
        Assert.Equal(-2.25, WassersteinLosses.Critic(real, fake).item<double>(), 1e-15);
        Assert.Equal(0.25, WassersteinLosses.Generator(fake).item<double>(), 1e-15);
        Assert.Equal(0.25, GanLosses.Generator(fake, GeneratorLoss.Wasserstein).item<double>(), 1e-15);
        Assert.Throws<ArgumentException>(() => WassersteinLosses.GradientPenalty(x => x.sum(1), zeros(3, 2), zeros(2, 2)));
    }
}
