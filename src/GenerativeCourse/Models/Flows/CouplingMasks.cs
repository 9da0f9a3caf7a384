using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The binary masks b of the affine coupling layers of RealNVP (Dinh, Sohl-Dickstein &amp; Bengio 2017, §3.4):
/// entries with b = 1 pass through unchanged and condition the transformation of the entries with b = 0.
/// Every mask is a float32 vector <c>[D]</c> (images flattened row-major, channel first); the caller owns it.
/// </summary>
/// <remarks>
/// Successive couplings alternate the parity so that every entry is transformed by some layer: a coupling never
/// changes its own conditioning half.
/// </remarks>
public static class CouplingMasks
{
    /// <summary>b_d = 1 for even d (parity 0) or odd d (parity 1): the mask for vectors, e.g. (1, 0) for 2-D toys.</summary>
    public static Tensor Alternating(int dimensions, int parity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        return Build(dimensions, d => d % 2 == (parity & 1));
    }

    /// <summary>
    /// The checkerboard of an image with <paramref name="channels"/> × <paramref name="height"/> ×
    /// <paramref name="width"/> entries: b = 1 where (row + column) has the given parity, in every channel.
    /// </summary>
    public static Tensor Checkerboard(int channels, int height, int width, int parity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height * width, 2);
        var plane = height * width;
        return Build(channels * plane, d => ((d % plane / width) + (d % width)) % 2 == (parity & 1));
    }

    /// <summary>
    /// The channel-wise mask: b = 1 on the first half of the channels (parity 0) or the second half (parity 1).
    /// </summary>
    public static Tensor Channel(int channels, int height, int width, int parity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        var plane = height * width;
        return Build(channels * plane, d => (d / plane < channels / 2) == ((parity & 1) == 0));
    }

    private static Tensor Build(int dimensions, Func<int, bool> passes)
    {
        var values = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            values[d] = passes(d) ? 1f : 0f;
        }

        return tensor(values);
    }
}
