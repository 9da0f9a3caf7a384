using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Tests.Training;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

/// <summary>
/// Short seeded training runs of the flows on two moons: the held-out NLL must fall, and a second run with the same
/// seeds must reproduce the first bit for bit.
/// </summary>
// In the Torch collection: Setup fixes the thread count, so the floating-point reductions of both runs are the same.
public sealed class FlowTrainingTests
{
    private readonly ITestOutputHelper output;

    public FlowTrainingTests(ITestOutputHelper output)
    {
        Course.Setup();
        this.output = output;
    }

    [Fact]
    [Trait("Category", "Training")]
    public void RealNvpTrainingOnTwoMoonsLowersTheHeldOutNllDeterministically()
    {
        var first = TrainOnTwoMoons(() => new RealNvp(new RealNvpOptions(2, Couplings: 6, Hidden: 32), new Generator(3)));
        var second = TrainOnTwoMoons(() => new RealNvp(new RealNvpOptions(2, Couplings: 6, Hidden: 32), new Generator(3)));

        // Untrained, the flow is the identity (zero output layers), so the NLL is that of N(0, I) on two moons,
        // 2.48 nats here; this run reaches 0.53 in 400 steps (measured). Requiring a gain of one nat on
        // held-out points leaves margin for the seed and catches a flow that does not learn.
        Assert.True(first.Final < first.Initial - 1.0, $"held-out NLL went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first.Final, second.Final);
        Assert.Equal(first.ParameterSum, second.ParameterSum);
        output.WriteLine($"NLL {first.Initial:F4} → {first.Final:F4} nats; {first.ExamplesPerSecond:F0} examples/s");
    }

    [Fact]
    [Trait("Category", "Training")]
    public void MafTrainingOnTwoMoonsLowersTheHeldOutNllDeterministically()
    {
        var first = TrainOnTwoMoons(() => new Maf(new MafOptions(2, Layers: 5, HiddenSizes: [32, 32]), new Generator(3)));
        var second = TrainOnTwoMoons(() => new Maf(new MafOptions(2, Layers: 5, HiddenSizes: [32, 32]), new Generator(3)));

        // Same bar as RealNvp: the untrained MAF is also the identity (2.48 nats); this run reaches 1.15 (measured).
        Assert.True(first.Final < first.Initial - 1.0, $"held-out NLL went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first.Final, second.Final);
        Assert.Equal(first.ParameterSum, second.ParameterSum);
        output.WriteLine($"NLL {first.Initial:F4} → {first.Final:F4} nats; {first.ExamplesPerSecond:F0} examples/s");
    }

    [Fact]
    [Trait("Category", "Training")]
    public void OnEightGaussiansAMixtureBaseClosesTheGapThatTheNormalBaseLeaves()
    {
        var entropy = ((IKnownDensity)Toy2D.EightGaussians).Entropy.Nats;
        var normal = TrainOnEightGaussians(baseComponents: 0);
        var mixture = TrainOnEightGaussians(baseComponents: 8);

        // Measured: gaps of 1.656 nats (normal base: the modes stay joined by bridges of density) and 0.218 (mixture
        // base) after these 600 steps. The bars leave room for other machines' floating-point sums and still fail a
        // mixture base that is not used (both models would then score alike).
        output.WriteLine($"held-out NLL − entropy: normal base {normal - entropy:F3}, mixture base {mixture - entropy:F3} nats");
        Assert.True(mixture - entropy < 0.4, $"mixture base: gap {mixture - entropy:F3} nats");
        Assert.True(normal - mixture > 0.5, $"normal base {normal:F3} vs mixture base {mixture:F3} nats");
    }

    [Fact]
    [Trait("Category", "Training")]
    public void RealNvpOnDequantizedDigitsLowersTestBitsPerDimensionDeterministically()
    {
        var first = TrainOnDigits();
        var second = TrainOnDigits();

        // Untrained, the flow is the identity: a standard normal on logit values, 10.86 bits/dim on these digits
        // (measured; 8 would be the uniform model). These 60 steps reach 5.01 (measured). A gain of 2 bits leaves
        // margin for the seed and catches a flow that does not learn (the Jacobians are checked exactly elsewhere).
        Assert.True(first.Final < first.Initial - 2.0, $"test bits/dim went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first.Final, second.Final);
        output.WriteLine($"bits/dim {first.Initial:F4} → {first.Final:F4}; {first.ExamplesPerSecond:F0} examples/s");
    }

    /// <summary>
    /// RealNVP (4 checkerboard couplings, MLPs of 128) after the logit transform, 6 epochs of Adam (3e-3, batches
    /// of 50) on the first 500 training digits with fresh uniform dequantization noise from a seeded generator;
    /// bits/dim of the first 200 test digits (raw bytes, one fixed noise draw) before and after.
    /// </summary>
    private static (double Initial, double Final, double ExamplesPerSecond) TrainOnDigits()
    {
        using var scope = NewDisposeScope();
        const int D = 784;
        var train = MnistDigits.Train.Images(PixelEncoding.Raw)[..500];
        var test = MnistDigits.Test.Images(PixelEncoding.Raw)[..200];
        using var model = new RealNvp(new RealNvpOptions(D, Couplings: 4, Hidden: 128, Image: new ImageShape(1, 28, 28)), new Generator(3));
        using var logit = new LogitTransform(D);
        double TestBits()
        {
            using var noGrad = no_grad();
            using var inner = NewDisposeScope();
            model.eval();
            var logProb = Dequantization.LogProbOfBytes(model, logit, test, new Generator(5));
            return Dequantization.BitsPerDimension(logProb, D).mean().to_type(ScalarType.Float64).item<double>();
        }

        var initial = TestBits();
        var shuffle = new Generator(4);
        var noise = new Generator(6);
        TrainingHistory history;
        using (var trainer = new Trainer(model, batch => -Dequantization.LogProbOfBytes(model, logit, batch, noise).mean(), new TrainerOptions { Epochs = 6, LearningRate = 3e-3 }))
        {
            history = trainer.Fit(_ => TestBatches.Shuffled(train, 50, shuffle));
        }

        var examples = history.Epochs.Sum(e => e.Examples);
        var seconds = history.Epochs.Sum(e => e.TrainTime.TotalSeconds);
        return (initial, TestBits(), examples / seconds);
    }

    /// <summary>
    /// RealNVP (6 couplings, MLPs of 32) onto N(0, I) or a MADE MoG base, Adam (10⁻², decayed to 0 along a cosine, the
    /// chapter's schedule) for 600 steps on fresh batches of 256; the NLL of 2,000 held-out points in nats.
    /// </summary>
    private static double TrainOnEightGaussians(int baseComponents)
    {
        const int Steps = 600;
        using var scope = NewDisposeScope();
        var heldOut = Toy2D.EightGaussians.Sample(2000, new Generator(2));
        using var model = new RealNvp(new RealNvpOptions(2, Couplings: 6, Hidden: 32, BaseComponents: baseComponents), new Generator(3));
        var draws = new Generator(4);
        using var adam = optim.Adam(model.parameters(), 1e-2);
        for (var step = 0; step < Steps; step++)
        {
            using var inner = NewDisposeScope();
            foreach (var group in adam.ParamGroups)
            {
                group.LearningRate = 1e-2 * 0.5 * (1 + Math.Cos(Math.PI * step / Steps));
            }

            var loss = -model.LogProb(Toy2D.EightGaussians.Sample(256, draws)).mean();
            adam.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 100);
            adam.step();
        }

        model.eval();
        using var noGrad = no_grad();
        return -model.LogProb(heldOut).mean().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>
    /// 25 epochs of Adam (learning rate 3e-3, batches of 128 of 2048 points shuffled by a seeded generator).
    /// Returns the held-out NLL before and after, the sum of the final parameters and the training throughput.
    /// </summary>
    private static (double Initial, double Final, double ParameterSum, double ExamplesPerSecond) TrainOnTwoMoons<TModel>(Func<TModel> create)
        where TModel : nn.Module, GenerativeCourse.Models.IDensityModel
    {
        using var scope = NewDisposeScope();
        var data = Toy2D.TwoMoons.Sample(2048, new Generator(1));
        var heldOut = Toy2D.TwoMoons.Sample(1000, new Generator(2));
        using var model = create();
        double Nll()
        {
            using var noGrad = no_grad();
            using var inner = NewDisposeScope();
            model.eval();
            return -model.LogProb(heldOut).mean().to_type(ScalarType.Float64).item<double>();
        }

        var initial = Nll();
        var shuffle = new Generator(4);
        TrainingHistory history;
        using (var trainer = new Trainer(model, batch => -model.LogProb(batch).mean(), new TrainerOptions { Epochs = 25, LearningRate = 3e-3 }))
        {
            history = trainer.Fit(_ => TestBatches.Shuffled(data, 128, shuffle));
        }

        var parameterSum = model.parameters().Sum(p => p.detach().to_type(ScalarType.Float64).sum().item<double>());
        var examples = history.Epochs.Sum(e => e.Examples);
        var seconds = history.Epochs.Sum(e => e.TrainTime.TotalSeconds);
        return (initial, Nll(), parameterSum, examples / seconds);
    }
}
