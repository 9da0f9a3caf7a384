using GenerativeCourse.Data;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Data;

public sealed class DigitPatchesTests
{
    public DigitPatchesTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(4, null, 6)]  // the central 16×16: 4 × 4 positions
    [InlineData(3, 2, 0)]     // overlapping 3×3 patches over the whole image: 13 × 13 positions
    public void EachPatchHoldsThePixelsOfItsImageAtItsGridPosition(int size, int? stride, int margin)
    {
        using var scope = NewDisposeScope();
        var set = MnistDigits.Validation;
        var patches = DigitPatches.Extract(set, size, stride: stride, margin: margin);
        var perAxis = DigitPatches.PositionsPerAxis(size, stride, margin);
        var step = stride ?? size;
        Assert.Equal(new long[] { set.Count * perAxis * perAxis, size * size }, patches.shape);

        // Check a few patches pixel by pixel against the flat static binarization of the set.
        var pixels = set.StaticBinary.ToArray();
        var values = patches.data<float>().ToArray();
        foreach (var (image, row, column) in new[] { (0, 0, 0), (17, perAxis - 1, 1), (999, 2, perAxis - 1) })
        {
            var patch = (((image * perAxis) + row) * perAxis) + column;
            for (var i = 0; i < size; i++)
            {
                for (var j = 0; j < size; j++)
                {
                    var y = margin + (row * step) + i;
                    var x = margin + (column * step) + j;
                    Assert.Equal(pixels[(image * 784) + (y * 28) + x], values[(patch * size * size) + (i * size) + j]);
                }
            }
        }
    }

    [Fact]
    public void APatchLargerThanTheAreaInsideTheMarginIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DigitPatches.Extract(MnistDigits.Validation, 17, margin: 6));
        Assert.Contains("does not fit in the 16×16 pixels", error.Message, StringComparison.Ordinal);
    }
}
