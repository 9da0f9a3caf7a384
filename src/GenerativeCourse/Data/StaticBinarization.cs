namespace GenerativeCourse.Data;

/// <summary>
/// Static binarization of grey-level digits: each pixel byte <c>k</c> becomes 1 with probability
/// <c>k / 255</c>, drawn once with a fixed seed, in the style of the binarized MNIST of Salakhutdinov
/// and Murray (2008) that later papers evaluate on. Fixed draws make test NLLs comparable between
/// models, runs and machines.
/// </summary>
/// <remarks>
/// The rule, exactly: start <see cref="SplitMix64"/> at the seed; visit the pixels in file order
/// (image after image, row after row); for each, draw <c>r = NextBelow(255)</c>, uniform in
/// {0, …, 254}, and output 1 when <c>r &lt; k</c>. Integers only, so the result is bit-identical on every
/// machine; <c>k = 0</c> always gives 0 and <c>k = 255</c> always 1. One draw is made for every pixel,
/// background included, so the draw of a pixel depends only on its position in the file.
/// </remarks>
public static class StaticBinarization
{
    /// <summary>The seed of the embedded digits' binarization: 2008, the year of Salakhutdinov and Murray's paper.</summary>
    public const ulong Seed = 2008;

    /// <summary>Binarizes pixel bytes with the rule above; returns one 0 or 1 byte per pixel.</summary>
    public static byte[] Binarize(ReadOnlySpan<byte> pixels, ulong seed = Seed)
    {
        var random = new SplitMix64(seed);
        var bits = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            bits[i] = random.NextBelow(255) < pixels[i] ? (byte)1 : (byte)0;
        }

        return bits;
    }
}
