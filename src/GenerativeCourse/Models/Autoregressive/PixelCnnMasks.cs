using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// Which taps of a masked convolution may see the pixel at the kernel's centre. Mask <see cref="A"/> (first
/// layer, on the image itself) excludes it: the prediction of x_ij must not see x_ij. Mask <see cref="B"/>
/// (every later layer, on features) includes it: the feature at (i, j) already depends only on pixels before
/// (i, j), so reading it is allowed (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016, "Pixel Recurrent Neural
/// Networks", ICML, §3.4).
/// </summary>
public enum MaskType
{
    /// <summary>Strictly before the centre: the first layer.</summary>
    A,

    /// <summary>Before the centre or the centre itself: every later layer.</summary>
    B,
}

/// <summary>
/// The 0/1 kernel masks of PixelCNN and of the two stacks of the gated PixelCNN, as <c>[height, width]</c>
/// float32 tensors (1 = tap used). All kernels have odd sizes and are centred on the output pixel, so tap
/// (r, c) of a k×k kernel reads the input at offset (r − k/2, c − k/2).
/// </summary>
/// <remarks>
/// <para><see cref="Raster"/> is the mask of the plain PixelCNN: the taps before the centre in raster order (all
/// rows above, and the centre row left of the centre). Stacking such layers leaves a <b>blind spot</b>: a 3×3
/// mask-B layer sees up-right only through the row above, so every layer reaches one column further right
/// only by going one row further up, and the pixels right of the cone in the rows just above the centre are
/// never seen, however deep the network (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN
/// Decoders", NeurIPS, §2.2).</para>
/// <para>The gated PixelCNN splits the field in two. The <see cref="Vertical"/> stack sees whole rows above (all
/// k columns), the <see cref="Horizontal"/> stack only the current row, left of the pixel. The paper builds the
/// vertical stack from a ⌈k/2⌉×k convolution followed by a shift down by one row; we mask the k×k kernel
/// instead, which computes the same function with some multiplications by zero, and keeps one mechanism (a
/// masked kernel) for the whole chapter.</para>
/// </remarks>
public static class PixelCnnMasks
{
    /// <summary>The raster mask of a k×k kernel: rows above the centre, and the centre row up to the centre.</summary>
    /// <param name="size">k, odd.</param>
    /// <param name="type">A excludes the centre tap, B includes it.</param>
    public static Tensor Raster(int size, MaskType type)
    {
        RequireOdd(size);
        var mask = zeros(size, size);
        int c = size / 2;
        mask[..c, ..] = 1;                                         // every row above the centre
        mask[c, ..(type == MaskType.A ? c : c + 1)] = 1;           // the centre row, left of (or up to) the centre
        return mask;
    }

    /// <summary>
    /// The vertical-stack mask of a k×k kernel: every column, rows strictly above the centre (type A, the first
    /// layer, which reads pixels) or up to and including the centre row (type B, later layers, which read
    /// vertical features that themselves see only the rows above).
    /// </summary>
    /// <param name="size">k, odd.</param>
    /// <param name="type">A: rows above only; B: rows above and the centre row.</param>
    public static Tensor Vertical(int size, MaskType type)
    {
        RequireOdd(size);
        var mask = zeros(size, size);
        mask[..(size / 2 + (type == MaskType.A ? 0 : 1)), ..] = 1;
        return mask;
    }

    /// <summary>The horizontal-stack mask of a 1×k kernel: the pixels left of the centre (A) or up to it (B).</summary>
    /// <param name="size">k, odd.</param>
    /// <param name="type">A excludes the centre tap, B includes it.</param>
    /// <returns><c>[1, k]</c>.</returns>
    public static Tensor Horizontal(int size, MaskType type)
    {
        RequireOdd(size);
        var mask = zeros(1, size);
        mask[0, ..(size / 2 + (type == MaskType.A ? 0 : 1))] = 1;
        return mask;
    }

    private static void RequireOdd(int size)
    {
        if (size < 1 || size % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Masked kernels must have an odd size (1, 3, 5, 7, …) so they have a centre tap.");
        }
    }
}
