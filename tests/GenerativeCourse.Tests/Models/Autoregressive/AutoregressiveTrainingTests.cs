using GenerativeCourse.Data;
using GenerativeCourse.Models;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Tests.Training;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

/// <summary>
/// Short training runs of NADE, MADE and RNADE on tiny data sets: the NLL must fall, and a second run with the same
/// seeds must reproduce the first bit for bit (initial weights, masks, shuffling all come from explicit seeds).
/// </summary>
// In the Torch collection: Setup fixes the thread count, so the floating-point reductions of both runs are the same.
public sealed class AutoregressiveTrainingTests
{
    public AutoregressiveTrainingTests() => Course.Setup();

    [Fact]
    public void NadeTrainingDecreasesTheNllAndIsReproducible()
    {
        using var scope = NewDisposeScope();
        using var teacher = NadeTests.WithRandomWeights(12, 8, seed: 1, scale: 2.5, orderingSeed: 0);
        var data = teacher.Sample(256, new Generator(2));

        var first = Train(() => new Nade(new NadeOptions(12, 16), new Generator(3)), data, m => m.LogProb(data));
        var second = Train(() => new Nade(new NadeOptions(12, 16), new Generator(3)), data, m => m.LogProb(data));

        // Untrained, every pixel is nearly a fair coin: 12 ln 2 ≈ 8.32 nats. The teacher's pixels are strongly
        // dependent, so 20 epochs must gain well over a nat.
        Assert.True(first.Final < first.Initial - 1.0, $"NLL went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first, second);
    }

    [Fact]
    public void MadeTrainingOverCyclingMasksDecreasesTheEnsembleNllAndIsReproducible()
    {
        using var scope = NewDisposeScope();
        using var teacher = NadeTests.WithRandomWeights(12, 8, seed: 4, scale: 2.5, orderingSeed: 0);
        var data = teacher.Sample(256, new Generator(5));
        Made Create() => new(new MadeOptions(12, [32], RandomOrderings: true, Masks: 4, MaskSeed: 6), new Generator(7));

        var first = Train(Create, data, m => m.EnsembleLogProb(data, 4));
        var second = Train(Create, data, m => m.EnsembleLogProb(data, 4));

        Assert.True(first.Final < first.Initial - 1.0, $"ensemble NLL went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first, second);
    }

    [Fact]
    public void RnadeTrainingOnTwoMoonsDecreasesTheNllAndIsReproducible()
    {
        using var scope = NewDisposeScope();
        var data = Toy2D.TwoMoons.Sample(512, new Generator(8));

        var first = Train(() => new Rnade(new RnadeOptions(2, Hidden: 16, Components: 4), new Generator(9)), data, m => m.LogProb(data));
        var second = Train(() => new Rnade(new RnadeOptions(2, Hidden: 16, Components: 4), new Generator(9)), data, m => m.LogProb(data));

        // Nats per 2-D point: the untrained mixture is spread over a few units; the moons are thin arcs.
        Assert.True(first.Final < first.Initial - 0.5, $"NLL went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first, second);
    }

    /// <summary>
    /// 20 epochs of Adam (learning rate 0.01, batches of 64 shuffled by a seeded generator); MADE moves to its next
    /// mask before every step. Returns the mean NLL before and after and the sum of all final parameters.
    /// </summary>
    private static (double Initial, double Final, double ParameterSum) Train<TModel>(
        Func<TModel> create, Tensor data, Func<TModel, Tensor> logProb)
        where TModel : nn.Module, IDensityModel
    {
        using var model = create();
        double Nll()
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return -logProb(model).mean().to_type(ScalarType.Float64).item<double>();
        }

        var initial = Nll();
        var shuffle = new Generator(10);
        Tensor Loss(Tensor batch)
        {
            (model as Made)?.NextMask();
            return -model.LogProb(batch).mean();
        }

        using (var trainer = new Trainer(model, Loss, new TrainerOptions { Epochs = 20, LearningRate = 0.01 }))
        {
            trainer.Fit(_ => TestBatches.Shuffled(data, 64, shuffle));
        }

        (model as Made)?.UseMask(0);
        var parameterSum = model.parameters().Sum(p => p.detach().to_type(ScalarType.Float64).sum().item<double>());
        return (initial, Nll(), parameterSum);
    }
}
