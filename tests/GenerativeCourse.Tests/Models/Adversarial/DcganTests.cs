using GenerativeCourse.Data;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Runtime;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Adversarial;

public sealed class DcganTests
{
    private readonly ITestOutputHelper _output;

    public DcganTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    public void ShapesAreAsDocumentedAndASeedFixesTheModel()
    {
        using var scope = NewDisposeScope();
        using var model = new Dcgan(new DcganOptions(Latent: 10, Width: 8), new Generator(1));
        using var same = new Dcgan(new DcganOptions(Latent: 10, Width: 8), new Generator(1));

        var x = model.Sample(5, new Generator(2));
        Assert.Equal(new long[] { 5, 784 }, x.shape);
        Assert.True((x > 0).logical_and(x < 1).all().item<bool>());
        Assert.Equal(new long[] { 5 }, model.Discriminate(x).shape);
        Assert.True(model.Discriminate(x).allclose(model.Discriminate(x.reshape(5, 1, 28, 28))));
        Assert.True(x.equal(same.Sample(5, new Generator(2))).all().item<bool>());
        Assert.Equal(model.parameters().Count(), model.GeneratorParameters().Count() + model.DiscriminatorParameters().Count());
    }

    [Fact]
    public void WassersteinCriticHasNoBatchNormAndTheModelConvertsToDouble()
    {
        using var scope = NewDisposeScope();
        using var critic = new Dcgan(new DcganOptions(Latent: 10, Width: 8, Loss: GeneratorLoss.Wasserstein), new Generator(1));
        using var plain = new Dcgan(new DcganOptions(Latent: 10, Width: 8), new Generator(1));
        // BatchNorm2d(2W) holds a scale and a shift of 2W = 16 numbers each: the critic has exactly those two fewer tensors.
        Assert.Equal(plain.DiscriminatorParameters().Count() - 2, critic.DiscriminatorParameters().Count());
        Assert.DoesNotContain(critic.named_modules(), m => m.module is TorchSharp.Modules.BatchNorm2d && m.name.StartsWith("discriminator", StringComparison.Ordinal));

        // Without batch statistics a critic value depends on its own image only: the first image scores the same alone.
        critic.train();
        var x = critic.Sample(4, new Generator(2));
        Assert.True(critic.Discriminate(x)[..1].allclose(critic.Discriminate(x[..1]), rtol: 1e-5, atol: 1e-6));

        // The players are registered modules: to(float64) converts both, and sampling follows the dtype.
        critic.to(float64);
        Assert.Equal(ScalarType.Float64, critic.Sample(2, new Generator(3)).dtype);
        Assert.Equal(ScalarType.Float64, critic.Discriminate(critic.Sample(2)).dtype);
    }

    [Fact]
    public void WeightsFollowTheInitialisationOfRadfordEtAl()
    {
        using var scope = NewDisposeScope();
        using var model = new Dcgan(new DcganOptions(), new Generator(3));
        foreach (var (name, p) in model.named_parameters())
        {
            var n = p.numel();
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                Assert.True((p == 0).all().item<bool>(), name);
                continue;
            }

            // Sample mean and sd of n draws of N(c, 0.02²): the mean is within 5·0.02/√n, the sd within 5·0.02/√(2n) of 0.02.
            var expectedMean = name.Contains(".norm", StringComparison.Ordinal) ? 1.0 : 0.0;
            Assert.Equal(expectedMean, p.mean().item<float>(), 5 * 0.02 / Math.Sqrt(n));
            Assert.Equal(0.02, p.std().item<float>(), (5 * 0.02 / Math.Sqrt(2 * n)) + 1e-6);
        }
    }

    [Fact]
    public void ShortTrainingOnDigitsPullsTheGeneratorsMeanIntensityToTheData()
    {
        // An untrained generator paints every pixel near σ(0) = ½; digits are mostly black (mean grey level ≈ 0.13).
        // The first thing D learns is brightness, so a few hundred steps must move the samples' mean most of the way:
        // measured 0.487 → 0.251 after 200 steps and → 0.120 after 500 (data 0.132); the bound asks for 70 % of the way.
        var images = MnistDigits.Train.Images();                                               // [8000, 784]
        var dataMean = images.mean().item<float>();
        using var model = new Dcgan(new DcganOptions(Latent: 32, Width: 16), new Generator(4));
        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(GeneratorLearningRate: 2e-4, DiscriminatorLearningRate: 2e-4, Seed: 5));
        var before = model.Sample(500, new Generator(7)).mean().item<float>();
        var history = trainer.Fit(DigitTestData.RandomBatches(images, 64, seed: 6), 500);
        model.eval();
        var after = model.Sample(500, new Generator(7)).mean().item<float>();
        _output.WriteLine($"{history.StepsPerSecond:F1} steps/s (batch 64, width 16); mean grey {before:F3} → {after:F3}, data {dataMean:F3}");
        Assert.InRange(before, 0.45, 0.55);
        Assert.True(Math.Abs(after - dataMean) < 0.3 * Math.Abs(before - dataMean), $"{after} vs data {dataMean}");
    }
}
