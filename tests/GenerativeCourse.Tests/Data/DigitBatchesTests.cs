using GenerativeCourse.Data;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Data;

/// <summary>
/// Tensor views of the digits. Every random draw here comes from an explicit, seeded
/// <see cref="torch.Generator"/>, so these tests only load the native library and can run in parallel
/// with everything else (tests of the default generator are in <see cref="DigitDefaultGeneratorTests"/>).
/// </summary>
public sealed class DigitBatchesTests
{
    private static readonly DigitSet Test = MnistDigits.Test;

    public DigitBatchesTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void WholeSetTensorsHoldTheSetsValues()
    {
        using var grey = Test.Images();
        Assert.Equal([1000L, 784L], grey.shape);
        Assert.Equal(torch.ScalarType.Float32, grey.dtype);
        Assert.Equal(Test.Grey.ToArray(), grey.data<float>().ToArray());

        using var binary = Test.Images(PixelEncoding.StaticBinary, asImages: true);
        Assert.Equal([1000L, 1L, 28L, 28L], binary.shape);
        Assert.Equal(Test.StaticBinary.ToArray(), binary.data<float>().ToArray());

        using var raw = Test.Images(PixelEncoding.Raw);
        Assert.Equal(Test.RawPixels.ToArray().Select(b => (float)b), raw.data<float>().ToArray());

        using var labels = Test.LabelTensor();
        Assert.Equal(torch.ScalarType.Int64, labels.dtype);
        Assert.Equal(Test.Labels.ToArray().Select(b => (long)b), labels.data<long>().ToArray());
    }

    [Fact]
    public void ReturnedTensorsDoNotShareMemoryWithTheSet()
    {
        var before = Test.Grey[200];
        using (var images = Test.Images())
        {
            images.add_(1f);
        }

        using var again = Test.Images();
        Assert.Equal(before, Test.Grey[200]);
        Assert.Equal(before, again[0, 200].item<float>());
    }

    [Fact]
    public void EachEpochVisitsEveryImageExactlyOnce()
    {
        using var generator = new torch.Generator(11);
        var batches = Test.Batches(64, generator: generator);
        Assert.Equal(16, batches.Count);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var seen = new List<int>();
            var sizes = new List<int>();
            foreach (var batch in batches)
            {
                using (batch)
                {
                    sizes.Add(batch.Size);
                    seen.AddRange(batch.Indices.ToArray());
                    Assert.Equal([batch.Size, 784L], batch.Images.shape);
                    Assert.Equal([(long)batch.Size], batch.Labels.shape);
                    AssertBatchHoldsItsImages(batch);
                }
            }

            Assert.Equal([.. Enumerable.Repeat(64, 15), 1000 - (15 * 64)], sizes);
            Assert.Equal(Enumerable.Range(0, 1000), seen.Order());
            Assert.NotEqual(Enumerable.Range(0, 1000), seen);
        }
    }

    [Fact]
    public void WithoutShuffleBatchesFollowSetOrderAndDropLastDropsTheRemainder()
    {
        var batches = Test.Batches(300, shuffle: false, dropLast: true, asImages: true);
        Assert.Equal(3, batches.Count);
        var seen = new List<int>();
        foreach (var batch in batches)
        {
            using (batch)
            {
                Assert.Equal([300L, 1L, 28L, 28L], batch.Images.shape);
                seen.AddRange(batch.Indices.ToArray());
            }
        }

        Assert.Equal(Enumerable.Range(0, 900), seen);
    }

    [Fact]
    public void ShuffleChangesEveryEpochAndReplaysUnderTheSameSeed()
    {
        var first = EpochOrders(seed: 5, epochs: 2);
        var again = EpochOrders(seed: 5, epochs: 2);
        Assert.NotEqual(first[0], first[1]);
        Assert.Equal(first, again);
        Assert.NotEqual(first[0], EpochOrders(seed: 6, epochs: 1)[0]);
    }

    [Fact]
    public void DynamicBinarizationIsFreshEachEpochAndReproducibleUnderASeed()
    {
        var run = DynamicEpochs(seed: 3);
        var rerun = DynamicEpochs(seed: 3);
        Assert.Equal(run, rerun);
        Assert.NotEqual(run[0], run[1]);
        Assert.All(run[0], v => Assert.True(v is 0f or 1f));
    }

    [Fact]
    public void DynamicBinarizationHasTheGreyLevelAsMean()
    {
        // Each pixel is Bernoulli(k/255): black pixels stay 0, full-ink pixels stay 1, and over the whole
        // test set the mean of the bits matches the mean grey level within 5 standard deviations
        // (the sd of the mean is sqrt(Σ p(1−p)) / n ≈ 2.6e-4 here).
        using var generator = new torch.Generator(17);
        using var bits = Test.Images(PixelEncoding.DynamicBinary, generator: generator);
        var values = bits.data<float>().ToArray();
        var grey = Test.Grey;
        double greySum = 0, bitSum = 0, variance = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (grey[i] == 0f)
            {
                Assert.Equal(0f, values[i]);
            }
            else if (grey[i] == 1f)
            {
                Assert.Equal(1f, values[i]);
            }

            greySum += grey[i];
            bitSum += values[i];
            variance += grey[i] * (1.0 - grey[i]);
        }

        var n = values.Length;
        var tolerance = 5 * Math.Sqrt(variance) / n;
        Assert.InRange(bitSum / n, (greySum / n) - tolerance, (greySum / n) + tolerance);
        // And it is not the static binarization.
        Assert.NotEqual(Test.StaticBinary.ToArray(), values);
    }

    [Fact]
    public void BatchSizeMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Test.Batches(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Test.Batches(1001, dropLast: true));
    }

    private static void AssertBatchHoldsItsImages(DigitBatch batch)
    {
        var images = batch.Images.data<float>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        var grey = Test.Grey;
        for (var row = 0; row < batch.Size; row++)
        {
            var index = batch.Indices[row];
            Assert.Equal(Test.Labels[index], labels[row]);
            Assert.True(grey.Slice(index * 784, 784).SequenceEqual(images.AsSpan(row * 784, 784)));
        }
    }

    private static List<int[]> EpochOrders(long seed, int epochs)
    {
        using var generator = new torch.Generator((ulong)seed);
        var batches = Test.Batches(100, generator: generator);
        var orders = new List<int[]>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = new List<int>();
            foreach (var batch in batches)
            {
                using (batch)
                {
                    order.AddRange(batch.Indices.ToArray());
                }
            }

            orders.Add([.. order]);
        }

        return orders;
    }

    private static List<float[]> DynamicEpochs(ulong seed)
    {
        // Unshuffled, so the two epochs differ only by their Bernoulli draws.
        using var generator = new torch.Generator(seed);
        var batches = Test.Batches(250, PixelEncoding.DynamicBinary, shuffle: false, generator: generator);
        var epochs = new List<float[]>();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var values = new List<float>();
            foreach (var batch in batches)
            {
                using (batch)
                {
                    values.AddRange(batch.Images.data<float>().ToArray());
                }
            }

            epochs.Add([.. values]);
        }

        return epochs;
    }
}
