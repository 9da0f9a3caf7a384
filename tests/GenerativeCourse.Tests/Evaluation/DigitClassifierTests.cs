using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using GenerativeCourse.Tests.Models.Adversarial;
using GenerativeCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class DigitClassifierTests
{
    // One epoch of the first 1,000 training images: enough to move every weight, cheap enough (about half a CPU-second)
    // to train several times in a test. Nothing about accuracy is asserted of it.
    private static readonly DigitClassifierRecipe Tiny = new(Epochs: 1, BatchSize: 64, LearningRate: 1e-3, Seed: 5, TrainImages: 1000);

    private readonly ITestOutputHelper _output;

    public DigitClassifierTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    [Trait("Category", "Training")]
    public void ReferenceClassifierIsAtLeast98AndAHalfPercentAccurateOnTheFullMnistTestSplit()
    {
        // The network behind every FID-style number: loaded from the repository's artifacts/checkpoints, or trained
        // there once (DigitClassifierRecipe.Reference, about 100 CPU-seconds) for this test and every chapter after it.
        var model = DigitClassifier.Reference(CheckpointFolder.Default);
        using var scope = NewDisposeScope();
        var accuracy = model.Accuracy(Mnist.Test.Images(), Mnist.Test.LabelTensor());
        _output.WriteLine($"{accuracy:P2} on the 10,000 MNIST test digits; {model.Provenance}");

        // Issue 18 asks for 98.5 %; a small CNN reaches about 99 % (measured 98.93 % for this recipe). The standard
        // error of an accuracy near 99 % on 10,000 images is 0.1 %.
        Assert.True(accuracy >= 0.985, $"accuracy {accuracy:P2}");
    }

    [Fact]
    public void TrainedClassifierIsAccurateOnTheTestSplitAndItsScoresSeparateRealDigitsFromNoise()
    {
        var model = DigitTestData.Classifier;   // DigitClassifier.Train(MnistDigits.Train, epochs: 3, seed: 1), shared
        using var scope = NewDisposeScope();
        var test = MnistDigits.Test.Images();
        var validation = MnistDigits.Validation.Images();
        var accuracy = model.Accuracy(test, MnistDigits.Test.LabelTensor());
        var floor = model.FrechetScore(validation, test);
        var noise = model.FrechetScore(validation, rand(1000, 784, generator: new Generator(2)));
        var blurred = model.FrechetScore(validation, (test * 0.5) + 0.25);
        var realScore = model.InceptionScore(test);
        _output.WriteLine($"test accuracy {accuracy:P2}; FID-style validation vs test {floor:F2}, vs half-contrast test {blurred:F2}, vs noise {noise:F2}; IS of test {realScore:F2}");

        // The CNN after 375 steps on the 8,000 embedded training digits (3 epochs of 64): measured 95.1 % on their
        // 1,000 test digits (the reference recipe, 3,910 steps on 50,000 digits, reaches 98.9 % on MNIST's 10,000);
        // 93 % leaves room for the seed. Chance is 10 %.
        Assert.True(accuracy > 0.93, $"accuracy {accuracy}");
        // Two real splits differ only by sampling: their score is the floor, far below degraded or random images
        // (measured 2.9, 127 and 885).
        Assert.True(floor < blurred / 5 && blurred < noise, $"floor {floor}, blurred {blurred}, noise {noise}");
        // Confident and balanced on real digits: close to the maximum of 10 (measured 7.8).
        Assert.InRange(realScore, 7.0, 10.0);
    }

    [Fact]
    public void InceptionScoreIsOneWhenEveryImageGetsTheSamePredictionAndShapesAreAsDocumented()
    {
        using var scope = NewDisposeScope();
        using var model = new DigitClassifier(new Generator(3));
        // Ten copies of one image get identical p(y|x), so KL(p(y|x) ‖ p(y)) = 0 for each: IS = 1 up to float rounding.
        var same = rand(1, 784, generator: new Generator(4)).expand(10, 784);
        Assert.Equal(1.0, model.InceptionScore(same), 1e-6);
        Assert.Equal(new long[] { 10, DigitClassifier.FeatureSize }, model.Features(same).shape);
        Assert.Equal(new long[] { 10, 10 }, model.forward(same).shape);
        // [batch, 1, 28, 28] is the same input as [batch, 784].
        Assert.True(Identical(model.Features(same.reshape(10, 1, 28, 28)), model.Features(same)));
    }

    [Fact]
    public void FeaturesOfALargeBatchAreComputedInChunksWithTheSameValues()
    {
        using var scope = NewDisposeScope();
        using var model = new DigitClassifier(new Generator(6));
        using var noGrad = no_grad();
        var images = rand(DigitClassifier.ChunkSize + 37, 784, generator: new Generator(7));      // two chunks
        var whole = model.Features(images);
        var parts = cat([model.Features(images[..100]), model.Features(images[100..])], 0);
        Assert.Equal(new long[] { DigitClassifier.ChunkSize + 37, DigitClassifier.FeatureSize }, whole.shape);
        // The same convolutions on fewer rows: equal up to float32 reordering inside oneDNN's kernels.
        Assert.True(whole.allclose(parts, rtol: 1e-5, atol: 1e-6), $"max gap {(whole - parts).abs().max().item<float>()}");
    }

    [Fact]
    public void ImagesThatAreNot28By28AreRejectedWithTheExpectedShapes()
    {
        using var scope = NewDisposeScope();
        using var model = new DigitClassifier(new Generator(3));
        var error = Assert.Throws<ArgumentException>(() => model.Features(zeros(4, 28 * 27)));
        Assert.Contains("[batch, 784] or [batch, 1, 28, 28], got [4, 756]", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.LoadOrTrain(Tiny with { TrainImages = Mnist.TrainCount + 1 }, Path.GetTempPath()));
    }

    [Fact]
    public void TheSameRecipeTrainsTheSameFeaturesAndAnotherSeedDoesNot()
    {
        using var first = new TempCheckpoints();
        using var second = new TempCheckpoints();
        using var third = new TempCheckpoints();
        using var scope = NewDisposeScope();
        var probe = MnistDigits.Test.Images()[..200];

        using var a = DigitClassifier.LoadOrTrain(Tiny, first.Path);
        using var b = DigitClassifier.LoadOrTrain(Tiny, second.Path);
        using var c = DigitClassifier.LoadOrTrain(Tiny with { Seed = 6 }, third.Path);

        Assert.StartsWith("trained here", b.Provenance);
        Assert.True(Identical(Features(a, probe), Features(b, probe)), "same recipe, same thread count: bit-identical features");
        Assert.False(Features(a, probe).allclose(Features(c, probe), rtol: 1e-3, atol: 1e-3), "another seed gave the same features");
    }

    [Fact]
    public void ACheckpointLoadsToIdenticalFeaturesAndAChangedOrDamagedOneIsTrainedOver()
    {
        using var folder = new TempCheckpoints();
        using var scope = NewDisposeScope();
        var probe = MnistDigits.Test.Images()[..200];
        var file = Path.Combine(folder.Path, DigitClassifierRecipe.CheckpointFileName);

        using var trained = DigitClassifier.LoadOrTrain(Tiny, folder.Path);
        using var loaded = DigitClassifier.LoadOrTrain(Tiny, folder.Path);
        Assert.StartsWith("trained here", trained.Provenance);
        Assert.StartsWith($"loaded from {file}", loaded.Provenance);
        Assert.True(Identical(Features(trained, probe), Features(loaded, probe)));
        Assert.Equal(Tiny.Text, Checkpoint.ReadMetadata(file).Options);

        // Another step size is another recipe: trained afresh (not loaded), and the file now holds the new recipe.
        var changed = Tiny with { LearningRate = 2e-3 };
        using var retrained = DigitClassifier.LoadOrTrain(changed, folder.Path);
        Assert.Contains("because the old checkpoint was of another recipe", retrained.Provenance);
        Assert.False(Features(retrained, probe).allclose(Features(trained, probe), rtol: 1e-3, atol: 1e-3));
        Assert.Equal(changed.Text, Checkpoint.ReadMetadata(file).Options);

        // A damaged file (one byte changed) fails its checksum and is trained over, not half-loaded.
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        using var repaired = DigitClassifier.LoadOrTrain(changed, folder.Path);
        Assert.Contains("could not be read (the checkpoint is damaged", repaired.Provenance);
        Assert.True(Identical(Features(repaired, probe), Features(retrained, probe)));
    }

    [Fact]
    public void TheRecipeTextNamesTheArchitectureAndEveryTrainingValue()
    {
        var text = DigitClassifierRecipe.Reference.Text;
        Assert.Contains(DigitClassifier.Architecture, text);
        Assert.Contains("Adam 0.001 decayed linearly to 0, batches of 64, 5 epochs of the first 50,000 MNIST training images (grey levels), seed 0", text);
        Assert.NotEqual(text, (DigitClassifierRecipe.Reference with { BatchSize = 128 }).Text);
    }

    /// <summary>Same shape and bit-identical values.</summary>
    private static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static Tensor Features(DigitClassifier model, Tensor images)
    {
        using var noGrad = no_grad();
        return model.Features(images);
    }

    private sealed class TempCheckpoints : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gc-classifier-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
