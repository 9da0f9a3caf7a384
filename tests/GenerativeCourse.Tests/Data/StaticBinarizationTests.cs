using System.Security.Cryptography;
using GenerativeCourse.Data;

namespace GenerativeCourse.Tests.Data;

public sealed class StaticBinarizationTests
{
    private static readonly DigitDataset Data = MnistDigits.Dataset;

    [Fact]
    public void BitsAreTheDocumentedDrawsOnEveryMachine()
    {
        // SHA-256 and number of ones of the 7,840,000 bits, computed by a separate BigInt implementation
        // (Node.js) of the rule in StaticBinarization: SplitMix64(2008), r = NextBelow(255), bit = r < k.
        var bits = Data.StaticBinaryPixels;
        Assert.Equal("d73d95f8785f83dd9acf01fc981de30de2067a44692aabafaeb40acf0b2e2b53", Convert.ToHexStringLower(SHA256.HashData(bits)));
        Assert.Equal(1_028_292, bits.Count((byte)1));
    }

    [Fact]
    public void BinarizationIsDeterministicAndDependsOnTheSeed()
    {
        var pixels = Data.Test.RawPixels;
        Assert.Equal(StaticBinarization.Binarize(pixels), StaticBinarization.Binarize(pixels));
        Assert.NotEqual(StaticBinarization.Binarize(pixels), StaticBinarization.Binarize(pixels, seed: 2009));
        Assert.Equal(Data.Test.StaticBinary.ToArray(), MnistDigits.Load(RepositoryFiles.DigitsFile).Test.StaticBinary.ToArray());
    }

    [Fact]
    public void BlackStaysZeroAndFullInkStaysOne()
    {
        var pixels = Data.Pixels;
        var bits = Data.StaticBinaryPixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (pixels[i] == 0)
            {
                Assert.Equal(0, bits[i]);
            }
            else if (pixels[i] == 255)
            {
                Assert.Equal(1, bits[i]);
            }
            else
            {
                Assert.True(bits[i] <= 1);
            }
        }
    }

    [Fact]
    public void MeanOfBitsMatchesMeanGreyLevel()
    {
        // E[bit] = k/255 for each pixel. The sum of independent Bernoulli(p_i) has variance Σ p_i(1 − p_i),
        // so we allow 5 standard deviations of the mean (about 0.0013 for the test split).
        var set = Data.Test;
        double greySum = 0, bitSum = 0, variance = 0;
        for (var i = 0; i < set.Grey.Length; i++)
        {
            double p = set.Grey[i];
            greySum += p;
            bitSum += set.StaticBinary[i];
            variance += p * (1 - p);
        }

        var n = set.Grey.Length;
        Assert.InRange(bitSum / n, greySum / n - 5 * Math.Sqrt(variance) / n, greySum / n + 5 * Math.Sqrt(variance) / n);
    }

    [Fact]
    public void OnesAppearWithProbabilityKOver255ForMidGreyPixels()
    {
        // Pixels with 100 ≤ k ≤ 155 across the whole file: the fraction of ones must match the mean of
        // k/255 over them within 5 binomial standard deviations. A k/256 rule or an off-by-one (r ≤ k)
        // shifts the fraction by about 0.002–0.004, several standard deviations at this sample size.
        var pixels = Data.Pixels;
        var bits = Data.StaticBinaryPixels;
        double expected = 0, ones = 0, variance = 0, n = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (pixels[i] is >= 100 and <= 155)
            {
                var p = pixels[i] / 255.0;
                expected += p;
                variance += p * (1 - p);
                ones += bits[i];
                n++;
            }
        }

        Assert.True(n > 100_000, $"only {n} mid-grey pixels");
        Assert.InRange(ones, expected - 5 * Math.Sqrt(variance), expected + 5 * Math.Sqrt(variance));
    }
}
