using GenerativeCourse.Models.Latent;
using GenerativeCourse.Tests.Training;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Latent;

/// <summary>
/// A short seeded training run of the VAE: the negative ELBO must fall, and a second run with the same seeds must
/// reproduce the first bit for bit (initial weights, shuffling and the reparameterisation noise all come from
/// explicit generators).
/// </summary>
// In the Torch collection: Setup fixes the thread count, so the floating-point reductions of both runs are the same.
public sealed class VaeTrainingTests
{
    public VaeTrainingTests() => Course.Setup();

    [Theory]
    [InlineData(VaeArchitecture.Mlp)]
    [InlineData(VaeArchitecture.Convolutional)]
    public void TrainingLowersTheNegativeElboAndIsReproducible(VaeArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        // Two 4×4 prototypes, each pixel flipped with probability 0.1: a one-bit latent structure plus noise.
        var generator = new Generator(1);
        var prototypes = bernoulli(full(2, 16, 0.5), generator);
        var which = randint(2, [256], generator: generator);
        var flips = bernoulli(full(256, 16, 0.1), generator);
        var data = (prototypes.index_select(0, which) - flips).abs();                           // [256, 16] of 0/1
        var options = new VaeOptions(16, 2, [32], architecture, KlWarmUpSteps: 20, ImageSide: 4);

        var first = Train(options, data);
        var second = Train(options, data);

        // Untrained, every pixel is close to a fair coin: about 16 ln 2 ≈ 11.1 nats. Knowing the prototype leaves
        // only the flips, 16·H(0.1) ≈ 5.2 nats plus ≤ ln 2 for the prototype's identity, so 40 epochs must gain
        // well over 3 nats.
        Assert.True(first.Final < first.Initial - 3.0, $"negative ELBO went from {first.Initial:F3} to {first.Final:F3}");
        Assert.Equal(first, second);
    }

    /// <summary>40 epochs of Adam (learning rate 0.01, batches of 32) with the KL weight warmed up over the first
    /// 20 steps. Returns the mean negative ELBO before and after (20 fixed draws per example) and the parameter sum.</summary>
    private static (double Initial, double Final, double ParameterSum) Train(VaeOptions options, Tensor data)
    {
        using var model = new Vae(options, new Generator(2));
        double NegativeElbo()
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return -model.Elbo(data.repeat(20, 1), new Generator(3)).Value.mean().to_type(ScalarType.Float64).item<double>();
        }

        var initial = NegativeElbo();
        var shuffle = new Generator(4);
        var noise = new Generator(5);
        long step = 0;
        Tensor Loss(Tensor batch) => model.Loss(batch, model.KlWeight(++step), noise);
        using (var trainer = new Trainer(model, Loss, new TrainerOptions { Epochs = 40, LearningRate = 0.01 }))
        {
            trainer.Fit(_ => TestBatches.Shuffled(data, 32, shuffle));
        }

        var parameterSum = model.parameters().Sum(p => p.detach().to_type(ScalarType.Float64).sum().item<double>());
        return (initial, NegativeElbo(), parameterSum);
    }
}
