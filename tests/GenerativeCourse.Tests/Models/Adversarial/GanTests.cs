using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Runtime;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Adversarial;

public sealed class GanTests
{
    private readonly ITestOutputHelper _output;

    public GanTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    public void LossesAreTheValueFunctionTermsOfGoodfellowEtAl()
    {
        using var scope = NewDisposeScope();
        var real = randn(50, dtype: float64, generator: new Generator(1)) * 3;
        var fake = randn(40, dtype: float64, generator: new Generator(2)) * 3;
        var logD = (Func<Tensor, Tensor>)(l => sigmoid(l).log());
        var log1MinusD = (Func<Tensor, Tensor>)(l => (1 - sigmoid(l)).log());

        // float64, |logits| ≲ 12 so σ stays far from 0 and 1: the naive logs are accurate to ~1e-12.
        Assert.Equal(-(logD(real).mean() + log1MinusD(fake).mean()).item<double>(), GanLosses.Discriminator(real, fake).item<double>(), 1e-10);
        Assert.Equal(log1MinusD(fake).mean().item<double>(), GanLosses.Generator(fake, GeneratorLoss.Minimax).item<double>(), 1e-10);
        Assert.Equal(-logD(fake).mean().item<double>(), GanLosses.Generator(fake, GeneratorLoss.NonSaturating).item<double>(), 1e-10);

        // A discriminator that cannot tell (D = ½ everywhere) scores log 4 — the value at the game's equilibrium.
        Assert.Equal(Math.Log(4), GanLosses.Discriminator(zeros(8, dtype: float64), zeros(8, dtype: float64)).item<double>(), 1e-12);
        // Stable at logits where σ rounds to 0 or 1 in float32.
        var extreme = tensor(new float[] { -200f, 200f });
        Assert.True(double.IsFinite(GanLosses.Discriminator(extreme, extreme).item<float>()));
        Assert.True(double.IsFinite(GanLosses.Generator(extreme, GeneratorLoss.NonSaturating).item<float>()));
    }

    [Fact]
    public void MinimaxGeneratorLossSaturatesWhenTheDiscriminatorRejectsFakesButNonSaturatingDoesNot()
    {
        using var scope = NewDisposeScope();
        // D(G(z)) = σ(−8) ≈ 3.4e-4: early training, the discriminator confidently rejects the fakes.
        var logits = full(10, -8.0, dtype: float64, requires_grad: true);
        var minimax = autograd.grad([GanLosses.Generator(logits, GeneratorLoss.Minimax)], [logits])[0];
        var nonSaturating = autograd.grad([GanLosses.Generator(logits, GeneratorLoss.NonSaturating)], [logits])[0];

        // d/dl log(1 − σ(l)) = −σ(l) and d/dl −log σ(l) = −(1 − σ(l)), each divided by the batch size of 10.
        var s = 1 / (1 + Math.Exp(8));
        Assert.Equal(-s / 10, minimax[0].item<double>(), 1e-15);
        Assert.Equal(-(1 - s) / 10, nonSaturating[0].item<double>(), 1e-15);
        Assert.True(Math.Abs(nonSaturating[0].item<double>()) > 1000 * Math.Abs(minimax[0].item<double>()));
    }

    [Fact]
    public void ShapesAndSamplesAreAsDocumented()
    {
        using var scope = NewDisposeScope();
        using var model = new Gan(new GanOptions(Dimensions: 3, Latent: 4, GeneratorHidden: [5], DiscriminatorHidden: [6, 7]), new Generator(3));
        using var same = new Gan(new GanOptions(Dimensions: 3, Latent: 4, GeneratorHidden: [5], DiscriminatorHidden: [6, 7]), new Generator(3));

        var x = model.Sample(9, new Generator(4));
        Assert.Equal(new long[] { 9, 3 }, x.shape);
        Assert.Equal(new long[] { 9 }, model.Discriminate(x).shape);
        Assert.Equal(new long[] { 9, 4 }, model.SampleLatent(9).shape);
        var probability = model.DiscriminatorProbability(x);
        Assert.True((probability > 0).logical_and(probability < 1).all().item<bool>());
        // Same seed, same weights, same noise: identical samples; the players' parameters partition the model's.
        Assert.True(x.equal(same.Sample(9, new Generator(4))).all().item<bool>());
        Assert.Equal(model.parameters().Count(), model.GeneratorParameters().Count() + model.DiscriminatorParameters().Count());
        Assert.Equal(4, model.GeneratorParameters().Count());      // two linear layers
        Assert.Equal(6, model.DiscriminatorParameters().Count());  // three linear layers
        Assert.Throws<ArgumentException>(() => model.Discriminate(zeros(2, 2)));
    }

    [Fact]
    public void TrainedDiscriminatorMatchesTheOptimalDiscriminatorForTwoFixedGaussians()
    {
        // p_data = N(0, 1); an affine generator G(z) = 0.5·z + 1 makes p_g = N(1, 0.5²) exactly, and a learning rate of
        // zero keeps it there, so training only moves D towards D*(x) = p_data(x) / (p_data(x) + p_g(x)).
        using var model = new Gan(new GanOptions(Dimensions: 1, Latent: 1, GeneratorHidden: [], DiscriminatorHidden: [32, 32]), new Generator(5));
        using (no_grad())
        {
            var g = model.GeneratorParameters().ToArray();
            g[0].fill_(0.5);
            g[1].fill_(1.0);
        }

        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(GeneratorLearningRate: 0, DiscriminatorLearningRate: 1e-3, Seed: 6));
        var data = new Generator(7);
        trainer.Fit(() => randn(512, 1, generator: data), 3000);

        using var scope = NewDisposeScope();
        static Tensor Optimal(Tensor x) => sigmoid((-0.5 * x.square()) - ((-0.5 * (x - 1).square() / 0.25) - Math.Log(0.5))).squeeze(1);
        // Where D matters: points from the mixture (p_data + p_g)/2 that D is trained on.
        var mixture = cat([randn(5000, 1, generator: new Generator(8)), (randn(5000, 1, generator: new Generator(9)) * 0.5) + 1]);
        var error = (model.DiscriminatorProbability(mixture) - Optimal(mixture)).abs().mean().item<float>();
        var constantError = (Optimal(mixture) - 0.5).abs().mean().item<float>();
        // And on a grid that reaches into the tails, where one density is ~1e-5 of its peak and data are scarce.
        var grid = linspace(-1.5, 2.5, 401).unsqueeze(1);                                    // [401, 1]
        var worst = (model.DiscriminatorProbability(grid) - Optimal(grid)).abs().max().item<float>();
        _output.WriteLine($"E_mixture |D − D*| = {error:F4} (constant ½: {constantError:F4}); max on [−1.5, 2.5] = {worst:F4}");

        Assert.Equal(0.5f, model.GeneratorParameters().First().item<float>());   // the generator stayed fixed
        // Measured over three seeds of model, noise and data (5/6/7, 15/16/17, 25/26/27): mean error 0.0023, 0.0068,
        // 0.0055 and grid maximum 0.034, 0.045, 0.032 — 1.5M samples per player leave only optimisation error. The bounds
        // are about 3 and 2 times the worst seen, and far below the 0.27 that D = ½ scores.
        Assert.True(error < 0.02f, $"mean error {error}");
        Assert.True(worst < 0.1f, $"grid error {worst}");
        Assert.True(constantError > 0.25f);
    }

    [Fact]
    public void R1PenaltyOfALinearDiscriminatorIsHalfGammaTimesTheSquaredWeightNorm()
    {
        using var scope = NewDisposeScope();
        // With no hidden layer l(x) = w·x + b, so ∇_x l = w for every x: R1 = (γ/2)‖w‖² and its gradient in w is γw.
        using var model = new Gan(new GanOptions(Dimensions: 3, DiscriminatorHidden: []), new Generator(30));
        var w = model.DiscriminatorParameters().First();
        var x = randn(16, 3, generator: new Generator(31)).requires_grad_(true);
        var penalty = GanLosses.R1Penalty(model.Discriminate(x), x, 10.0);
        var gradient = autograd.grad([penalty], [w])[0];

        // float32 sums of 3 squares of order-1 numbers: ~1e-6 relative.
        Assert.Equal(5.0 * w.square().sum().item<float>(), penalty.item<float>(), 1e-5);
        Assert.True(gradient.allclose(10.0 * w, rtol: 1e-5, atol: 1e-6), $"{gradient.str()} vs {(10 * w).str()}");
    }
}
