namespace GenerativeCourse.Data;

/// <summary>
/// SplitMix64, the 64-bit generator of Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators" (OOPSLA 2014): a Weyl sequence <c>s += 0x9E3779B97F4A7C15</c> passed through a
/// bit-mixing finaliser. The course writes its own generator for everything that must be identical
/// on every machine and every .NET version (the digit split, the static binarization):
/// <see cref="System.Random"/> does not promise a stable algorithm, and TorchSharp's generator
/// depends on the libtorch build.
/// </summary>
/// <remarks>
/// Not cryptographic, and not thread-safe: give each thread its own instance. With seed 1234567 the
/// first outputs are 6457827717110365317, 3203168211198807973, 9817491932198370423 (the tests
/// check them against values computed by a separate big-integer implementation).
/// </remarks>
public sealed class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>; equal seeds give equal sequences.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += Gamma;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A uniform integer in <c>[0, bound)</c>, exactly unbiased, by Lemire's multiply-and-reject method
    /// ("Fast random integer generation in an interval", ACM TOMACS 2019): the high word of
    /// <c>x · bound</c> is the candidate, and the few <c>x</c> whose low word falls below
    /// <c>2^64 mod bound</c> are redrawn so every result has the same number of preimages.
    /// </summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    /// <summary>A uniform double in <c>[0, 1)</c> with 53 random bits (all doubles <c>k / 2^53</c>).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A uniformly random permutation of <c>0 … n−1</c> by the Fisher–Yates shuffle in Durstenfeld's
    /// form: for <c>i = n−1</c> down to 1, swap position <c>i</c> with a uniform position in <c>[0, i]</c>.
    /// </summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var items = new int[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)NextBelow((ulong)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
