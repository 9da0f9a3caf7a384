using GenerativeCourse.Data;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Runtime;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Adversarial;

public sealed class ConditionalGanTests
{
    private readonly ITestOutputHelper _output;

    public ConditionalGanTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    public void ShapesAreAsDocumentedAndTheLabelChangesTheSample()
    {
        using var scope = NewDisposeScope();
        using var model = new ConditionalGan(new ConditionalGanOptions(Dimensions: 12, Classes: 3, Latent: 4, Hidden: [8]), new Generator(1));
        var labels = tensor(new long[] { 0, 1, 2, 2 });
        var x = model.Sample(labels, new Generator(2));
        Assert.Equal(new long[] { 4, 12 }, x.shape);
        Assert.True((x > 0).logical_and(x < 1).all().item<bool>());
        Assert.Equal(new long[] { 4 }, model.Discriminate(x, labels).shape);
        // Same z, different label: a different sample, since y enters G's first layer.
        var z = model.SampleLatent(1, new Generator(3)).expand(3, 4);
        var perLabel = model.Generate(z, tensor(new long[] { 0, 1, 2 }));
        Assert.False(perLabel[0].allclose(perLabel[1]));
        Assert.Throws<ArgumentException>(() => model.Generate(z, tensor(new long[] { 0, 1 })));
    }

    [Fact]
    public void ConditionalSamplesAreClassifiedAsTheirLabelWellAboveChance()
    {
        var classifier = DigitTestData.Classifier;
        using var model = new ConditionalGan(new ConditionalGanOptions(Hidden: [256, 256]), new Generator(4));
        using var trainer = new AdversarialTrainer(model, new AdversarialTrainerOptions(GeneratorLearningRate: 1e-3, DiscriminatorLearningRate: 1e-3, Seed: 5));
        var history = trainer.Fit(DigitTestData.RandomLabelledBatches(MnistDigits.Train.Images(), MnistDigits.Train.LabelTensor(), 128, seed: 6), 3000);

        using var scope = NewDisposeScope();
        var wanted = arange(10, dtype: ScalarType.Int64).repeat(100);                              // 100 of each digit
        var accuracy = classifier.Accuracy(model.Sample(wanted, new Generator(7)), wanted);
        _output.WriteLine($"{history.StepsPerSecond:F1} steps/s; label accuracy of conditional samples {accuracy:P1}");
        // Chance is 10 % (binomial sd 0.9 % over 1000 samples). Measured 83.6 % after 3000 steps of batch 128 (2000
        // steps of batch 64 gave 35 %, at learning rate 2e-4 only 10 %: the labels are learnt after the digit shapes).
        // 50 % is 40 sd above chance and leaves a wide margin below the measurement.
        Assert.True(accuracy > 0.5, $"label accuracy {accuracy}");
    }
}
