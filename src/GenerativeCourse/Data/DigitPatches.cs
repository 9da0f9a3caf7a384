using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// Small square patches cut from the digits, for models that can only be checked exactly on a few
/// pixels: a 4×4 binary patch has 2^16 = 65,536 possible values, few enough to write the full joint
/// table down and to sum any model's probabilities over all of them (chapter 01).
/// </summary>
/// <remarks>
/// Patches lie on a grid: the top-left corners are at rows and columns <c>margin, margin + stride, …</c>
/// as long as the patch fits inside the 28×28 image less the margin on each side. A margin of 6 keeps the
/// central 16×16 pixels, where the strokes are; the border of MNIST is almost always blank.
/// Result order: image after image, and within an image row-major over the grid positions.
/// </remarks>
public static class DigitPatches
{
    /// <summary>Cuts every grid patch of every image of <paramref name="set"/>.</summary>
    /// <param name="set">The digits, e.g. <see cref="MnistDigits.Train"/>.</param>
    /// <param name="size">Side of a patch in pixels (3 gives 9-pixel patches, 4 gives 16).</param>
    /// <param name="encoding">Pixel encoding; the static binarization by default, so patches are fixed binary data.</param>
    /// <param name="stride">Distance between the corners of neighbouring patches; <paramref name="size"/> (no overlap) when null.</param>
    /// <param name="margin">Pixels left out on each side of the image.</param>
    /// <returns><c>[set.Count × positions, size²]</c> float32, owned by the caller.</returns>
    public static Tensor Extract(DigitSet set, int size, PixelEncoding encoding = PixelEncoding.StaticBinary, int? stride = null, int margin = 0)
    {
        ArgumentNullException.ThrowIfNull(set);
        var step = stride ?? size;
        var inner = MnistDigits.Rows - (2 * margin);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1, nameof(stride));
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        if (size > inner)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A {size}×{size} patch does not fit in the {inner}×{inner} pixels inside a margin of {margin}.");
        }

        using var scope = NewDisposeScope();
        var images = set.Images(encoding, asImages: true)                       // [n, 1, 28, 28]
            .narrow(2, margin, inner).narrow(3, margin, inner);                  // [n, 1, inner, inner]
        var patches = images.unfold(2, size, step).unfold(3, size, step);        // [n, 1, rows, cols, size, size]
        return patches.reshape(-1, size * size).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Patch corners per image along one axis for the same arguments: ⌊(28 − 2·margin − size) / stride⌋ + 1.</summary>
    public static int PositionsPerAxis(int size, int? stride = null, int margin = 0) =>
        ((MnistDigits.Rows - (2 * margin) - size) / (stride ?? size)) + 1;
}
