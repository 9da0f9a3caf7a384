using GenerativeCourse.Data;

namespace GenerativeCourse.Tests.Data;

public sealed class SplitMix64Tests
{
    [Fact]
    public void FirstOutputsMatchAnIndependentImplementation()
    {
        // Computed with a separate BigInt implementation of SplitMix64 (Node.js), seed 1234567.
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        var random = new SplitMix64(1234567);
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());

        var zero = new SplitMix64(0);
        Assert.Equal(0xe220a8397b1dcdafUL, zero.NextUInt64());
    }

    [Fact]
    public void NextBelowStaysInRangeAndIsUniform()
    {
        const int n = 100_000;
        const int bound = 10;
        var random = new SplitMix64(42);
        var counts = new int[bound];
        for (var i = 0; i < n; i++)
        {
            counts[random.NextBelow(bound)]++;
        }

        // Each count is Binomial(n, 1/10): 5 standard deviations is about 474.
        var sigma = Math.Sqrt(n * 0.1 * 0.9);
        Assert.All(counts, c => Assert.InRange(c, n / bound - 5 * sigma, n / bound + 5 * sigma));
    }

    [Fact]
    public void NextBelowRejectsTheDrawsThatWouldBiasLargeBounds()
    {
        // With bound = 3·2^62 a plain multiply-shift maps two 64-bit inputs onto every third result
        // and one onto the others, so results ≡ 0 (mod 3) would have frequency 1/2 instead of 1/3.
        const ulong bound = 3UL << 62;
        const int n = 30_000;
        var random = new SplitMix64(7);
        var multiplesOfThree = 0;
        for (var i = 0; i < n; i++)
        {
            var r = random.NextBelow(bound);
            Assert.True(r < bound);
            multiplesOfThree += r % 3 == 0 ? 1 : 0;
        }

        // Binomial(n, 1/3): sd ≈ 82; 5 sd around n/3 excludes the biased n/2 by far.
        var sigma = Math.Sqrt(n / 3.0 * 2 / 3);
        Assert.InRange(multiplesOfThree, n / 3.0 - 5 * sigma, n / 3.0 + 5 * sigma);
    }

    [Fact]
    public void PermutationsOfThreeAreEquallyLikely()
    {
        // Fisher–Yates with j uniform in [0, i] gives all 6 orders with probability 1/6; the classic
        // off-by-one (j in [0, i), Sattolo) gives only the 2 cyclic orders.
        const int n = 60_000;
        var random = new SplitMix64(2024);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < n; i++)
        {
            var key = string.Join(",", random.Permutation(3));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, counts.Count);
        var sigma = Math.Sqrt(n / 6.0 * 5 / 6);
        Assert.All(counts.Values, c => Assert.InRange(c, n / 6.0 - 5 * sigma, n / 6.0 + 5 * sigma));
    }

    [Fact]
    public void NextDoubleIsInTheUnitIntervalWithMeanOneHalf()
    {
        const int n = 100_000;
        var random = new SplitMix64(99);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
        }

        // U[0,1) has variance 1/12; 5 sd of the mean of n draws is 5·sqrt(1/(12 n)) ≈ 0.0046.
        Assert.InRange(sum / n, 0.5 - 5 * Math.Sqrt(1.0 / (12 * n)), 0.5 + 5 * Math.Sqrt(1.0 / (12 * n)));
    }
}
