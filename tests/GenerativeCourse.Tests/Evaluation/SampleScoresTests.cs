using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class SampleScoresTests
{
    public SampleScoresTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TestImagesScoredAsSamplesAreInsideEveryBallAndAtFrechetDistanceZero()
    {
        using var classifier = new DigitClassifier(new torch.Generator(11));   // any fixed feature map will do
        using var samples = Mnist.Test.Images()[..64];                       // the very images they are compared with

        var scores = TestSplitScores.Samples(classifier, samples, PixelEncoding.Grey, testImages: 64, seed: 3);

        Assert.Equal((1.0, 1.0), (scores.PrecisionRecall.Precision, scores.PrecisionRecall.Recall));
        Assert.Equal((64, 64, 3), (scores.PrecisionRecall.Real, scores.PrecisionRecall.Generated, scores.PrecisionRecall.K));
        Assert.Equal(QualityMetric.Frechet, scores.Frechet.Metric);
        Assert.InRange(scores.Frechet.Value, -1e-6, 1e-3);
        Assert.Contains("64 samples vs 64 test images (grey levels)", scores.Frechet.Description, StringComparison.Ordinal);
        Assert.Equal((50, 32), (scores.Kid.Subsets, scores.Kid.SubsetSize));   // 50 subsets of half of each set
    }

    [Fact]
    public void InvertedDigitsLoseTheirPrecisionAndGainDistance()
    {
        using var classifier = new DigitClassifier(new torch.Generator(11));
        using var inverted = 1 - Mnist.Test.Images()[..64];                  // white background: off the data manifold

        var same = TestSplitScores.Samples(classifier, Mnist.Test.Images()[64..128], PixelEncoding.Grey, 64, seed: 3);
        var off = TestSplitScores.Samples(classifier, inverted, PixelEncoding.Grey, 64, seed: 3);

        Assert.True(off.PrecisionRecall.Precision < same.PrecisionRecall.Precision - 0.5, $"{off.PrecisionRecall} vs {same.PrecisionRecall}");
        Assert.True(off.Frechet.Value > 10 * same.Frechet.Value, $"{off.Frechet.Value} vs {same.Frechet.Value}");
        Assert.True(off.Kid.Mean > same.Kid.Mean + 3 * same.Kid.StandardDeviation, $"{off.Kid} vs {same.Kid}");
    }

    [Fact]
    public void FewerThanEightSamplesAreRefusedWithTheCount()
    {
        using var classifier = new DigitClassifier(new torch.Generator(11));
        using var samples = rand(5, 784, generator: new torch.Generator(1));

        var error = Assert.Throws<ArgumentException>(() => TestSplitScores.Samples(classifier, samples, PixelEncoding.Grey, 1000, seed: 0));

        Assert.Contains("at least 8 samples and test images; got 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeneratorThatIgnoresItsLatentHasPathLengthZero()
    {
        using var classifier = new DigitClassifier(new torch.Generator(11));
        using var digit = Mnist.Test.Images()[..1];
        var constant = new LatentGenerator(8, z => digit.expand(z.shape[0], -1), "one test digit");
        var moving = new LatentGenerator(8, z => sigmoid(z.matmul(ones(8, 784) / 8)), "σ(mean of z) everywhere");

        var still = TestSplitScores.PathLength(classifier, constant, pairs: 50, seed: 1);
        var changing = TestSplitScores.PathLength(classifier, moving, pairs: 50, seed: 1);

        Assert.Equal(0.0, still.Mean);
        Assert.True(changing.Mean > 0, $"{changing}");
    }
}
