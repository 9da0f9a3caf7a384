using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Adversarial;

/// <summary>
/// What the tests that train or score on digits share: random mini-batches drawn with their own seeded generator, and
/// one <see cref="DigitClassifier"/> (the CNN, 3 epochs of the 8,000 embedded training digits, seed 1) trained once per
/// test run, which scores conditional samples and is itself tested in <c>DigitClassifierTests</c>: cheaper than the
/// reference network of the FID-style scores, and accurate enough for checking mechanics. It is only read (evaluation mode, no
/// gradients), so test classes running in parallel can share it; nobody disposes it.
/// </summary>
internal static class DigitTestData
{
    private static readonly Lazy<DigitClassifier> SharedClassifier = new(() => DigitClassifier.Train(MnistDigits.Train, epochs: 3, seed: 1));

    /// <summary>The shared trained classifier.</summary>
    public static DigitClassifier Classifier => SharedClassifier.Value;

    /// <summary>Batches of <paramref name="batchSize"/> rows of <paramref name="images"/> drawn uniformly with replacement.</summary>
    public static Func<Tensor> RandomBatches(Tensor images, int batchSize, ulong seed)
    {
        var order = new Generator(seed);
        return () => images.index_select(0, randint(images.shape[0], [batchSize], generator: order));
    }

    /// <summary>The same with the labels of the drawn rows.</summary>
    public static Func<(Tensor Examples, Tensor Labels)> RandomLabelledBatches(Tensor images, Tensor labels, int batchSize, ulong seed)
    {
        var order = new Generator(seed);
        return () =>
        {
            var index = randint(images.shape[0], [batchSize], generator: order);
            return (images.index_select(0, index), labels.index_select(0, index));
        };
    }
}
