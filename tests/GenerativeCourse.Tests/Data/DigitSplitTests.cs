using GenerativeCourse.Data;

namespace GenerativeCourse.Tests.Data;

public sealed class DigitSplitTests
{
    private static readonly DigitDataset Data = MnistDigits.Dataset;

    [Fact]
    public void SplitHas8000And1000And1000Images()
    {
        Assert.Equal(8_000, Data.Train.Count);
        Assert.Equal(1_000, Data.Validation.Count);
        Assert.Equal(1_000, Data.Test.Count);
        Assert.Equal(8_000 * 784, Data.Train.RawPixels.Length);
        Assert.Equal(DigitSplit.Validation, Data[DigitSplit.Validation].Split);
    }

    [Fact]
    public void SplitsAreDisjointAndCoverEveryImage()
    {
        int[] all = [.. Data.Train.SourceIndices, .. Data.Validation.SourceIndices, .. Data.Test.SourceIndices];
        Array.Sort(all);
        Assert.Equal(Enumerable.Range(0, 10_000), all);
    }

    [Fact]
    public void SplitIsTheSameOnEveryLoad()
    {
        var again = MnistDigits.Load(RepositoryFiles.DigitsFile);
        foreach (var split in Enum.GetValues<DigitSplit>())
        {
            Assert.Equal(Data[split].SourceIndices.ToArray(), again[split].SourceIndices.ToArray());
            Assert.True(Data[split].RawPixels.SequenceEqual(again[split].RawPixels));
        }
    }

    [Fact]
    public void SplitIsTheDocumentedPermutation()
    {
        // First set positions of each split, computed by a separate BigInt implementation (Node.js) of
        // SplitMix64(1998) + Lemire bounded integers + Fisher–Yates, as data/README.md describes. A change
        // of generator, seed or shuffle would change them, and with them every reported number.
        Assert.Equal([3066, 172, 4473, 7979, 4393], Data.Train.SourceIndices[..5].ToArray());
        Assert.Equal([9731, 4974, 3563, 2708, 4265], Data.Validation.SourceIndices[..5].ToArray());
        Assert.Equal([3008, 9361, 4501, 6874, 3966], Data.Test.SourceIndices[..5].ToArray());
    }

    [Fact]
    public void LabelCountsPerSplitAddUpToThePackageCounts()
    {
        // Per-split counts as recorded in data/README.md (same independent computation as above).
        Assert.Equal([813, 887, 801, 837, 786, 680, 822, 837, 757, 780], Data.Train.CountPerDigit());
        Assert.Equal([87, 125, 101, 98, 86, 102, 88, 124, 97, 92], Data.Validation.CountPerDigit());
        Assert.Equal([101, 115, 89, 97, 108, 81, 104, 109, 90, 106], Data.Test.CountPerDigit());

        var total = new int[10];
        foreach (var split in Enum.GetValues<DigitSplit>())
        {
            var counts = Data[split].CountPerDigit();
            for (var d = 0; d < 10; d++)
            {
                total[d] += counts[d];
            }
        }

        Assert.Equal(Data.CountPerDigit(), total);
    }

    [Fact]
    public void SetRowsAreTheFileRowsTheyPointTo()
    {
        var test = Data.Test;
        for (var i = 0; i < test.Count; i += 37)
        {
            var source = test.SourceIndices[i];
            Assert.Equal(Data.Labels[source], test.Labels[i]);
            Assert.True(Data.Pixels.Slice(source * 784, 784).SequenceEqual(test.RawPixels.Slice(i * 784, 784)));
        }
    }

    [Fact]
    public void GreyIsTheByteOver255()
    {
        var set = Data.Validation;
        Assert.Equal(set.RawPixels.Length, set.Grey.Length);
        for (var i = 0; i < set.RawPixels.Length; i++)
        {
            Assert.Equal(set.RawPixels[i] / 255f, set.Grey[i]);
        }
    }
}
