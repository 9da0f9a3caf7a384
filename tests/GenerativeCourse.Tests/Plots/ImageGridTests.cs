using System.Text.RegularExpressions;
using GenerativeCourse.Plots;
using SkiaSharp;

namespace GenerativeCourse.Tests.Plots;

// Array overloads only: nothing here needs TorchSharp, so these tests run in parallel with anything.
public sealed partial class ImageGridTests
{
    [Fact]
    public void PngDecodesToExactlyTheGreyLevelsPutInWithScalingAndPadding()
    {
        // 5 images of 2×3 pixels; pixel p of image i has grey level 10·i + p + 1 (exact: k/255 → k).
        const int count = 5, height = 2, width = 3, columns = 2, scale = 3, padding = 4;
        var pixels = new float[count * height * width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (10 * (i / 6) + i % 6 + 1) / 255f;
        }

        var grid = ImageGrid.FromPixels(pixels, height, width, columns: columns, scale: scale, padding: padding);
        using var png = Decode(grid.ToPng());

        // The layout, written out independently: cells of 9×6 px, 4 px of white around each.
        // Columns at x = 4 and 17, rows at y = 4, 14 and 24; picture 30 × 34.
        Assert.Equal(30, png.Width);
        Assert.Equal(34, png.Height);
        int[] cellX = [4, 17], cellY = [4, 14, 24];
        var expected = new byte[png.Height, png.Width];
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                expected[y, x] = 255;
            }
        }

        for (var i = 0; i < count; i++)
        {
            for (var y = 0; y < height * scale; y++)
            {
                for (var x = 0; x < width * scale; x++)
                {
                    expected[cellY[i / columns] + y, cellX[i % columns] + x] = (byte)(10 * i + y / scale * width + x / scale + 1);
                }
            }
        }

        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                Assert.True(expected[y, x] == Grey(png, x, y), $"pixel ({x}, {y}): expected {expected[y, x]}, got {Grey(png, x, y)}");
            }
        }

        // Spot checks that read without the loop: image 3's last pixel fills the block at the bottom
        // right of cell (row 1, column 1); the 6th cell (empty) and the gaps stay white.
        Assert.Equal(36, Grey(png, 17 + 8, 14 + 5));
        Assert.Equal(36, Grey(png, 17 + 6, 14 + 3));
        Assert.Equal(35, Grey(png, 17 + 5, 14 + 3));
        Assert.Equal(255, Grey(png, 17 + 4, 24 + 2));
        Assert.Equal(255, Grey(png, 13, 5));
        Assert.Equal(grid.CellOrigin(3), (17, 14));
    }

    [Theory]
    // count, height, width, columns, scale, padding, captions, expected width, expected height
    [InlineData(16, 28, 28, 10, 2, 2, false, 582, 118)]   // 2 + 10·(56 + 2); 2 + 2·(56 + 2)
    [InlineData(16, 28, 28, 10, 2, 2, true, 582, 150)]    // caption band of 16: 2 + 2·(56 + 16 + 2)
    [InlineData(3, 28, 28, 10, 1, 0, false, 84, 28)]      // fewer images than columns: 3 columns
    [InlineData(7, 4, 5, 3, 4, 1, false, 64, 52)]         // 1 + 3·(20 + 1); 1 + 3·(16 + 1)
    public void DimensionsFollowTheLayoutFormula(int count, int height, int width, int columns, int scale, int padding,
        bool captions, int expectedWidth, int expectedHeight)
    {
        var labels = captions ? Enumerable.Range(0, count).Select(i => i.ToString()).ToList() : null;
        var grid = ImageGrid.FromPixels(new float[count * height * width], height, width, columns, scale, padding, labels);

        Assert.Equal(expectedWidth, grid.PixelWidth);
        Assert.Equal(expectedHeight, grid.PixelHeight);
        using var png = Decode(grid.ToPng());
        Assert.Equal(expectedWidth, png.Width);
        Assert.Equal(expectedHeight, png.Height);
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1f, 255)]
    [InlineData(0.2f, 51)]
    [InlineData(0.5f, 128)]          // 127.5: halves round up
    [InlineData(1f / 255f, 1)]
    [InlineData(-0.3f, 0)]           // clamped
    [InlineData(7f, 255)]            // clamped
    [InlineData(float.NaN, 0)]
    public void FloatsMapToRoundedGreyLevels(float value, byte expected) =>
        Assert.Equal(expected, ImageGrid.ToGreyLevel(value));

    [Fact]
    public void ByteImagesAreDrawnUnchangedAndCopied()
    {
        byte[] pixels = [0, 17, 128, 255];
        var grid = ImageGrid.FromBytes(pixels, height: 2, width: 2, scale: 1, padding: 0);
        pixels[0] = 99;   // the grid keeps its own copy

        using var png = Decode(grid.ToPng());
        Assert.Equal([0, 17, 128, 255], new[] { Grey(png, 0, 0), Grey(png, 1, 0), Grey(png, 0, 1), Grey(png, 1, 1) });
    }

    [Fact]
    public void CaptionsAreDrawnInTheBandUnderTheirOwnCellOnly()
    {
        // Two black 4×4 images, scale 5: cells 20×20, caption bands 20×16 under them.
        var grid = ImageGrid.FromPixels(new float[2 * 16], 4, 4, scale: 5, padding: 2, captions: ["8", ""]);
        using var png = Decode(grid.ToPng());

        var (x0, y0) = grid.CellOrigin(0);
        var (x1, y1) = grid.CellOrigin(1);
        Assert.True(DarkPixels(png, x0, y0 + 20, 20, ImageGrid.CaptionBandHeight) > 5, "the caption '8' is drawn under cell 0");
        Assert.Equal(0, DarkPixels(png, x1, y1 + 20, 20, ImageGrid.CaptionBandHeight));   // empty caption: nothing drawn
        Assert.Equal(0, Grey(png, x0 + 19, y0 + 19));                                      // cells untouched by text
        Assert.Equal(0, Grey(png, x1, y1));
    }

    [Fact]
    public void ToHtmlIsAnImgWithADecodableDataUriItsSizeAndEscapedAltText()
    {
        var grid = ImageGrid.FromPixels(Enumerable.Range(0, 12).Select(i => i / 11f).ToArray(), 2, 3,
            scale: 2, altText: "digits <real> & \"fake\"");
        var html = grid.ToHtml();

        var match = DataUri().Match(html);
        Assert.True(match.Success, html);
        using var png = Decode(Convert.FromBase64String(match.Groups[1].Value));
        Assert.Equal(grid.PixelWidth, png.Width);
        Assert.Equal(grid.PixelHeight, png.Height);
        Assert.Equal(grid.ToPng(), Convert.FromBase64String(match.Groups[1].Value));
        Assert.Contains($"width=\"{grid.PixelWidth}\" height=\"{grid.PixelHeight}\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"digits &lt;real&gt; &amp; &quot;fake&quot;\"", html, StringComparison.Ordinal);
        Assert.StartsWith("<img ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultAltTextDescribesTheGrid()
    {
        var grid = ImageGrid.FromPixels(new float[3 * 4], 2, 2, columns: 2, captions: ["1", "2", "3"]);
        Assert.Equal("Grid of 3 grey-scale image(s), 2×2 pixels each, in 2 row(s) of 2, captioned: 1, 2, 3.", grid.AltText);
    }

    [Fact]
    public void SavePngWritesThePngReplacesAnOldFileAndLeavesNoTemporaryFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gc-imagegrid-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(folder, "nested", "grid.png");
            ImageGrid.FromBytes([1, 2, 3, 4], 2, 2).SavePng(path);
            var grid = ImageGrid.FromBytes([200, 100, 50, 25], 2, 2, scale: 3);
            grid.SavePng(path);

            Assert.Equal(grid.ToPng(), File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void InconsistentInputIsRejectedWithAMessage()
    {
        var length = Assert.Throws<ArgumentException>(() => ImageGrid.FromPixels(new float[10], 2, 2));
        Assert.Contains("2×2", length.Message, StringComparison.Ordinal);
        var captions = Assert.Throws<ArgumentException>(() => ImageGrid.FromPixels(new float[8], 2, 2, captions: ["only one"]));
        Assert.Contains("2 images but 1 captions", captions.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ImageGrid.FromBytes([], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.FromBytes([1, 2, 3, 4], 2, 2, scale: 0));
    }

    [Theory]
    [InlineData(new long[] { 16, 784 }, 28, 28)]
    [InlineData(new long[] { 16, 28, 28 }, 28, 28)]
    [InlineData(new long[] { 16, 1, 28, 28 }, 28, 28)]
    [InlineData(new long[] { 4, 9 }, 3, 3)]
    [InlineData(new long[] { 4, 5, 7 }, 5, 7)]
    public void TensorShapesGiveImageSizes(long[] shape, int height, int width) =>
        Assert.Equal((height, width), ImageGrid.ImageSize(shape));

    [Theory]
    [InlineData(new long[] { 16, 10 }, "not a square")]
    [InlineData(new long[] { 16, 3, 28, 28 }, "one grey channel")]
    [InlineData(new long[] { 784 }, "unsqueeze(0)")]
    public void OtherTensorShapesAreRejected(long[] shape, string hint)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageGrid.ImageSize(shape));
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    internal static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a decodable PNG");

    internal static byte Grey(SKBitmap bitmap, int x, int y)
    {
        var colour = bitmap.GetPixel(x, y);
        Assert.True(colour.Red == colour.Green && colour.Green == colour.Blue, $"pixel ({x}, {y}) is not grey: {colour}");
        return colour.Red;
    }

    private static int DarkPixels(SKBitmap bitmap, int left, int top, int width, int height)
    {
        var dark = 0;
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                dark += Grey(bitmap, x, y) < 128 ? 1 : 0;
            }
        }

        return dark;
    }

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
