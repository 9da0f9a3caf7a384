using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>
/// The catalogue's DDPM (<see cref="DiffusionRun"/>): a trained network and its moving average in one module, both in
/// the checkpoint, one network's parameters counted, runs repeatable from the seed. Epochs of 128 images (two Adam
/// steps of the recipe's batch of 64) and the quick budget's 200 validation images keep each epoch to seconds.
/// </summary>
public sealed class DiffusionRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gencourse-ddpm-").FullName;

    public DiffusionRunTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static DiffusionRun Create(ulong seed) =>
        Assert.IsType<DiffusionRun>(ModelCatalog.Get("ddpm").Create(new RunSettings(Profile.Quick, seed, ExamplesPerEpoch: 128)));

    [Fact]
    public void TheParameterCountIsOneNetworksTheModuleHoldsTwo()
    {
        using var run = Create(1);
        using var network = new DiffusionUNet(Recipes.Ddpm.Options.Network);
        var one = network.parameters().Sum(p => p.numel());

        Assert.Equal(one, run.ParameterCount);
        Assert.Equal(2 * one, run.Module.parameters().Sum(p => p.numel()));
        Assert.Equal(((DiffusionUNet)run.Model.Network).ForwardFlops, network.ForwardFlops);
    }

    [Fact]
    public void TheSameSeedTrainsTheSameLossesAndTheCheckpointRestoresModelAndAverageExactly()
    {
        var path = Path.Combine(_folder, "ddpm.ckpt");
        using var first = Create(7);
        first.TrainEpoch();
        first.SaveCheckpoint(path);
        using var second = Create(7);
        second.TrainEpoch();
        using var restored = Create(7);
        restored.LoadCheckpoint(path);

        Assert.Equal(first.TrainLoss, second.TrainLoss);
        Assert.Equal(first.ValidationLoss, second.ValidationLoss);
        Assert.Equal(first.TrainLoss, restored.TrainLoss);
        AssertSame(first.Model, restored.Model);
        AssertSame(first.Average, restored.Average);
        // Not a swap: after an epoch the average lags the model.
        Assert.False(restored.Model.parameters().Zip(restored.Average.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()));
    }

    [Fact]
    public void SamplesAreImagesInTheUnitInterval()
    {
        using var run = Create(2);
        using var generator = new Generator(3);
        using var samples = run.SampleImages(3, generator);

        Assert.Equal(new long[] { 3, 784 }, samples.shape);
        Assert.Equal(ScalarType.Float32, samples.dtype);
        Assert.True(samples.ge(0).logical_and(samples.le(1)).all().item<bool>());
        // Not a constant image: an untrained network's DDIM chain still carries x_T's spread.
        Assert.True(samples.std().item<float>() > 0.01f);
    }

    private static void AssertSame(nn.Module expected, nn.Module actual) =>
        Assert.All(expected.named_parameters().Zip(actual.named_parameters()), p =>
            Assert.True(p.First.parameter.equal(p.Second.parameter).all().item<bool>(), p.First.name));
}
