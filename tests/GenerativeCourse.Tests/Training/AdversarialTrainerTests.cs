using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Runtime;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Training;

public sealed class AdversarialTrainerTests
{
    private readonly ITestOutputHelper _output;

    public AdversarialTrainerTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    public void GanOnEightGaussiansCoversAtLeastSixModes()
    {
        var toy = Toy2D.EightGaussians;
        using var model = new Gan(new GanOptions(), new Generator(1));
        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(Seed: 2));
        var data = new Generator(3);
        var history = trainer.Fit(() => toy.Sample(256, data), 3000);

        using var scope = NewDisposeScope();
        var report = ModeCoverage.EightGaussians(model.Sample(10_000, new Generator(4)), toy);
        _output.WriteLine($"{history.StepsPerSecond:F0} steps/s; modes {report.ModesCovered}, high quality {report.HighQualityRate:P1}, per mode [{string.Join(", ", report.HighQualityPerMode)}]");
        _output.WriteLine($"last D(x) {history.RealScore[^1]:F3}, D(G(z)) {history.FakeScore[^1]:F3}");
        // One seed, 3000 steps of batch 256 (about 20 s on two cores): measured 8 modes, 76 % high quality. 1500 steps
        // gave 5 modes, so the bound of 6 (issue 7) needs training, not luck at initialisation.
        Assert.True(report.ModesCovered >= 6, $"{report.ModesCovered} modes");
        Assert.True(report.HighQualityRate > 0.5, $"high-quality rate {report.HighQualityRate}");
        Assert.Equal(3000, history.Steps.Count);
        Assert.InRange(history.FakeScore[^1], 0.2, 0.8);   // near the equilibrium D = ½, not a collapsed game
    }

    [Fact]
    public void TrainingReplaysExactlyUnderTheSameSeedsAndTakesKDiscriminatorStepsPerGeneratorStep()
    {
        (AdversarialHistory History, float[] Weights, int Calls) Run(ulong trainerSeed)
        {
            using var model = new Gan(new GanOptions(GeneratorHidden: [16], DiscriminatorHidden: [16]), new Generator(11));
            using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(DiscriminatorSteps: 3, Seed: trainerSeed));
            var data = new Generator(12);
            var calls = 0;
            var history = trainer.Fit(() => { calls++; return Toy2D.EightGaussians.Sample(32, data); }, 20);
            trainer.Fit(() => { calls++; return Toy2D.EightGaussians.Sample(32, data); }, 5);
            using var scope = NewDisposeScope();
            var weights = cat(model.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
            return (history, weights, calls);
        }

        var first = Run(13);
        var again = Run(13);
        var other = Run(14);

        Assert.Equal(75, first.Calls);                                  // k = 3 real batches for each of 25 steps
        Assert.Equal(Enumerable.Range(1, 25), first.History.StepNumbers);   // a second Fit continues the count
        Assert.Equal(first.History.Steps, again.History.Steps);          // records compare by value: bit-identical
        Assert.Equal(first.Weights, again.Weights);
        Assert.NotEqual(first.History.GeneratorLoss, other.History.GeneratorLoss);
        Assert.All(first.History.Steps, s =>
        {
            Assert.InRange(s.RealScore, 0, 1);
            Assert.InRange(s.FakeScore, 0, 1);
            Assert.True(s.DiscriminatorLoss > 0 && s.GeneratorLoss > 0);   // −log of probabilities
        });
    }

    [Fact]
    public void MinimaxLossTrainsTheGeneratorTowardsTheDataToo()
    {
        // The minimax generator loss has the same fixed point; on an easy 1-D target, N(3, 1), an affine G whose mean
        // starts at its bias (|b| ≤ 1 from the U(−1, 1) initialisation) must end within 1 of 3. Adam at 1e-2 makes the
        // game oscillate around the target (measured 3.86 after 600 steps), so the band is wide but still excludes
        // the start.
        using var model = new Gan(new GanOptions(Dimensions: 1, Latent: 1, GeneratorHidden: [], DiscriminatorHidden: [16], Loss: GeneratorLoss.Minimax), new Generator(15));
        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(GeneratorLearningRate: 1e-2, Seed: 16));
        var data = new Generator(17);
        trainer.Fit(() => (randn(256, 1, generator: data) + 3), 600);
        using var scope = NewDisposeScope();
        var mean = model.Sample(20_000, new Generator(18)).mean().item<float>();
        _output.WriteLine($"generator mean after 600 minimax steps: {mean:F3}");
        Assert.InRange(mean, 2.0, 4.0);
    }

    [Fact]
    public void WassersteinGanWithGradientPenaltyTrainsTheGeneratorTowardsTheData()
    {
        // WGAN-GP (k = 5, β = (0, 0.9), λ = 10 as in Gulrajani et al.; a larger step for speed) on a 2-D target N((3, −2), I)
        // with an affine generator, whose samples are then N(b, AAᵀ): W₁ between two translates is the length of the
        // shift, so the critic's loss E[l(G(z))] − E[l(x)] starts near minus the distance of the means (3.6 from the
        // |b| ≤ 1 start) and the generator's mean must close in. Measured distance 0.21 after 400 steps (1.77 after 100).
        // The target is 2-D on purpose: in 1-D a critic that starts with slope −1 is stuck there, because the penalty
        // puts a barrier of height λ at slope 0 between the two unit slopes, and the generator then runs the wrong way.
        var target = tensor(new float[] { 3, -2 });
        using var model = new Gan(new GanOptions(Dimensions: 2, Latent: 2, GeneratorHidden: [], DiscriminatorHidden: [32], Loss: GeneratorLoss.Wasserstein), new Generator(40));
        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(
            DiscriminatorSteps: 5, GeneratorLearningRate: 1e-2, DiscriminatorLearningRate: 1e-2, Beta1: 0, Beta2: 0.9, Seed: 42));
        var data = new Generator(43);
        double Distance() => (model.Sample(20_000, new Generator(44)).mean([0L]) - target).norm().item<float>();
        var start = Distance();
        var history = trainer.Fit(() => randn(256, 2, generator: data) + target, 400);
        var end = Distance();
        _output.WriteLine($"distance of the generator's mean to the data's {start:F3} → {end:F3}; critic loss over the first 50 steps {history.DiscriminatorLoss.Take(50).Average():F3}");

        // The mean of 20,000 samples is off by ~0.01; 0.75 is several times the measured 0.21 and far below the start.
        Assert.True(start > 2.5, $"start {start}");
        Assert.True(end < 0.75, $"end {end}");
        Assert.True(history.DiscriminatorLoss.Take(50).Average() < -1, "the critic should rate the data above the fakes while they are far apart");
    }

    [Fact]
    public void R1PenaltyKeepsTheDiscriminatorFlatAroundTheData()
    {
        // Against a fixed generator far from the data, an unpenalised D grows steep between them; R1 (γ = 10) keeps
        // ‖∇_x l(x)‖ at the data small. Same seeds for both runs, so the penalty is the only difference. Measured RMS
        // slopes 1.62 and 0.07; a factor of 3 leaves a wide margin and still needs the penalty to act.
        double SlopeAtData(double gamma)
        {
            using var model = new Gan(new GanOptions(Dimensions: 1, Latent: 1, GeneratorHidden: [], DiscriminatorHidden: [16]), new Generator(20));
            using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(GeneratorLearningRate: 0, Seed: 21, R1Weight: gamma));
            var data = new Generator(22);
            trainer.Fit(() => randn(128, 1, generator: data) * 0.1 + 2, 300);
            using var scope = NewDisposeScope();
            var x = (randn(1000, 1, generator: new Generator(23)) * 0.1 + 2).requires_grad_(true);
            var gradient = autograd.grad([model.Discriminate(x).sum()], [x])[0];
            return gradient.square().mean().sqrt().item<float>();
        }

        var plain = SlopeAtData(0);
        var penalised = SlopeAtData(10);
        _output.WriteLine($"RMS slope of l at the data: {plain:F3} without R1, {penalised:F3} with γ = 10");
        Assert.True(penalised < plain / 3, $"{penalised} vs {plain}");
    }
}
