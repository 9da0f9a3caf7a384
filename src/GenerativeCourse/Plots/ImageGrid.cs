using System.Globalization;
using System.Net;
using SkiaSharp;

namespace GenerativeCourse.Plots;

/// <summary>
/// A grid of small grey-scale images (digits, samples, reconstructions) rendered to one PNG, the
/// picture every chapter shows after training. A notebook cell that ends with an <c>ImageGrid</c>
/// displays it, in VS Code and in the course's runner alike (see <c>CourseFormatters</c>).
/// </summary>
/// <remarks>
/// <para><b>Pixel values.</b> Float images hold intensities in [0, 1]: 0 is black, 1 is white, and a
/// value <c>v</c> becomes the grey level <c>round(255 · v)</c> (halves round up). Values outside
/// [0, 1] are clamped and NaN becomes 0, so pass probabilities or pixel means, not logits (apply
/// <c>sigmoid</c> first). Byte images are used as they are.</para>
/// <para><b>Layout.</b> Image <c>i</c> sits in row <c>i / Columns</c>, column <c>i % Columns</c>. Each
/// cell is the image enlarged <see cref="Scale"/> times by repeating pixels (nearest neighbour, so a
/// 28×28 digit stays sharp), followed by a caption band of <see cref="CaptionHeight"/> pixels when
/// captions are given. <see cref="Padding"/> white pixels surround every cell, hence
/// <c>PixelWidth = Padding + Columns · (Scale · ImageWidth + Padding)</c> and
/// <c>PixelHeight = Padding + Rows · (Scale · ImageHeight + CaptionHeight + Padding)</c>.</para>
/// </remarks>
public sealed partial class ImageGrid
{
    /// <summary>Grey level of the padding and caption background: white, so black digit cells stand apart.</summary>
    public const byte Background = 255;

    /// <summary>Height in pixels of the caption band under each cell when the grid has captions.</summary>
    public const int CaptionBandHeight = 16;

    /// <summary>Columns when the caller does not say: ten, one per digit class in most grids.</summary>
    public const int DefaultColumns = 10;

    /// <summary>Enlargement when the caller does not say: 28×28 digits become 56×56.</summary>
    public const int DefaultScale = 2;

    /// <summary>Padding when the caller does not say.</summary>
    public const int DefaultPadding = 2;

    private const float CaptionFontSize = 11f;

    private static readonly Lazy<SKTypeface> _captionTypeface = new(FindCaptionTypeface);

    // Grey levels of all images, image after image, each row-major: [count, height, width].
    private readonly byte[] _levels;
    private readonly string[]? _captions;

    private ImageGrid(byte[] levels, int count, int height, int width, int columns, int scale, int padding,
        IReadOnlyList<string>? captions, string? altText)
    {
        if (count < 1)
        {
            throw new ArgumentException("An image grid needs at least one image.", nameof(count));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (captions is not null && captions.Count != count)
        {
            throw new ArgumentException(
                $"There are {count} images but {captions.Count} captions; give one caption per image (an empty string for none).",
                nameof(captions));
        }

        _levels = levels;
        _captions = captions?.ToArray();
        Count = count;
        ImageHeight = height;
        ImageWidth = width;
        // A grid of 3 images is 3 columns wide, not 10 with 7 empty cells.
        Columns = Math.Min(columns, count);
        Rows = (count + Columns - 1) / Columns;
        Scale = scale;
        Padding = padding;
        AltText = altText ?? DescribeForAltText();
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Height of one image in its own pixels (before <see cref="Scale"/>).</summary>
    public int ImageHeight { get; }

    /// <summary>Width of one image in its own pixels (before <see cref="Scale"/>).</summary>
    public int ImageWidth { get; }

    /// <summary>Columns of the grid: the requested number, or fewer when there are fewer images.</summary>
    public int Columns { get; }

    /// <summary>Rows of the grid: <c>ceil(Count / Columns)</c>.</summary>
    public int Rows { get; }

    /// <summary>Each image pixel becomes a <c>Scale × Scale</c> block.</summary>
    public int Scale { get; }

    /// <summary>White pixels around every cell.</summary>
    public int Padding { get; }

    /// <summary>One caption per image, drawn under its cell, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Captions => _captions;

    /// <summary>Height of the caption band under each cell: <see cref="CaptionBandHeight"/> with captions, else 0.</summary>
    public int CaptionHeight => _captions is null ? 0 : CaptionBandHeight;

    /// <summary>Text alternative of the picture, used as the <c>alt</c> attribute by <see cref="ToHtml"/>.</summary>
    public string AltText { get; }

    /// <summary>Width of the rendered PNG in pixels.</summary>
    public int PixelWidth => Padding + Columns * (Scale * ImageWidth + Padding);

    /// <summary>Height of the rendered PNG in pixels.</summary>
    public int PixelHeight => Padding + Rows * (Scale * ImageHeight + CaptionHeight + Padding);

    /// <summary>
    /// A grid of float images with values in [0, 1]: <paramref name="pixels"/> holds
    /// <c>count · height · width</c> values, image after image, each row by row.
    /// </summary>
    /// <param name="pixels">Intensities, 0 black and 1 white; clamped to [0, 1].</param>
    /// <param name="height">Rows of one image (28 for MNIST).</param>
    /// <param name="width">Columns of one image (28 for MNIST).</param>
    /// <param name="columns">Images per grid row.</param>
    /// <param name="scale">Enlargement of each image (nearest neighbour).</param>
    /// <param name="padding">White pixels between and around cells.</param>
    /// <param name="captions">Optional text under each image, for example its label.</param>
    /// <param name="altText">Text alternative; by default a description of the grid.</param>
    public static ImageGrid FromPixels(float[] pixels, int height, int width, int columns = DefaultColumns,
        int scale = DefaultScale, int padding = DefaultPadding, IReadOnlyList<string>? captions = null, string? altText = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var count = CountImages(pixels.Length, height, width);
        var levels = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            levels[i] = ToGreyLevel(pixels[i]);
        }

        return new ImageGrid(levels, count, height, width, columns, scale, padding, captions, altText);
    }

    /// <summary>
    /// A grid of byte images (grey levels 0–255, as stored in MNIST files): <paramref name="pixels"/>
    /// holds <c>count · height · width</c> bytes, image after image, each row by row.
    /// </summary>
    /// <inheritdoc cref="FromPixels(float[], int, int, int, int, int, IReadOnlyList{string}?, string?)"/>
    public static ImageGrid FromBytes(byte[] pixels, int height, int width, int columns = DefaultColumns,
        int scale = DefaultScale, int padding = DefaultPadding, IReadOnlyList<string>? captions = null, string? altText = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var count = CountImages(pixels.Length, height, width);
        return new ImageGrid((byte[])pixels.Clone(), count, height, width, columns, scale, padding, captions, altText);
    }

    /// <summary>The grey level a float intensity is drawn with: <c>round(255 · clamp(v, 0, 1))</c>, NaN as 0.</summary>
    public static byte ToGreyLevel(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        var clamped = Math.Clamp(value, 0f, 1f);
        return (byte)MathF.Round(clamped * 255f, MidpointRounding.AwayFromZero);
    }

    /// <summary>Top-left pixel of the cell that shows image <paramref name="index"/>.</summary>
    public (int X, int Y) CellOrigin(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var row = index / Columns;
        var column = index % Columns;
        return (Padding + column * (Scale * ImageWidth + Padding),
                Padding + row * (Scale * ImageHeight + CaptionHeight + Padding));
    }

    /// <summary>Renders the grid as a grey-scale PNG.</summary>
    public byte[] ToPng()
    {
        using var bitmap = Render();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, quality: 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the image grid as PNG.");
        return data.ToArray();
    }

    /// <summary>
    /// Writes the PNG to <paramref name="path"/> atomically: a temporary file in the same folder is
    /// renamed over the target, so a reader never sees half a file. Creates the folder if needed.
    /// </summary>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        AtomicFile.WriteAllBytes(fullPath, ToPng());
    }

    /// <summary>
    /// An <c>&lt;img&gt;</c> element with the PNG inlined as a base64 data URI, its pixel size and
    /// alt text: the HTML a notebook displays, self-contained so it works offline and in saved files.
    /// </summary>
    public string ToHtml()
    {
        var base64 = Convert.ToBase64String(ToPng());
        var alt = WebUtility.HtmlEncode(AltText);
        // pixelated: if a page scales the picture, blocks stay blocks instead of blurring.
        return $"<img src=\"data:image/png;base64,{base64}\" width=\"{PixelWidth}\" height=\"{PixelHeight}\" " +
               $"alt=\"{alt}\" style=\"image-rendering: pixelated;\" />";
    }

    /// <summary>A one-line description, also the grid's plain-text display.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"ImageGrid: {Count} image(s) of {ImageHeight}×{ImageWidth}, {Rows}×{Columns} cells, scale {Scale}, {PixelWidth}×{PixelHeight} px");

    private string DescribeForAltText()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Grid of {Count} grey-scale image(s), {ImageHeight}×{ImageWidth} pixels each, in {Rows} row(s) of {Columns}");
        return _captions is null ? text + "." : text + ", captioned: " + string.Join(", ", _captions) + ".";
    }

    private static int CountImages(int length, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var perImage = height * width;
        if (length == 0 || length % perImage != 0)
        {
            throw new ArgumentException(
                $"{length} values do not make whole {height}×{width} images ({perImage} values each).", "pixels");
        }

        return length / perImage;
    }

    private SKBitmap Render()
    {
        var bitmap = new SKBitmap(new SKImageInfo(PixelWidth, PixelHeight, SKColorType.Gray8, SKAlphaType.Opaque));
        try
        {
            // Pixels are written directly rather than drawn, so every grey level is exact.
            var canvasBytes = new byte[bitmap.RowBytes * PixelHeight];
            Array.Fill(canvasBytes, Background);
            for (var i = 0; i < Count; i++)
            {
                CopyCell(i, canvasBytes, bitmap.RowBytes);
            }

            System.Runtime.InteropServices.Marshal.Copy(canvasBytes, 0, bitmap.GetPixels(), canvasBytes.Length);
            if (_captions is not null)
            {
                DrawCaptions(bitmap, _captions);
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private void CopyCell(int index, byte[] canvas, int rowBytes)
    {
        var (x0, y0) = CellOrigin(index);
        var source = index * ImageHeight * ImageWidth;
        for (var y = 0; y < ImageHeight * Scale; y++)
        {
            var sourceRow = source + y / Scale * ImageWidth;
            var target = (y0 + y) * rowBytes + x0;
            for (var x = 0; x < ImageWidth * Scale; x++)
            {
                canvas[target + x] = _levels[sourceRow + x / Scale];
            }
        }
    }

    private void DrawCaptions(SKBitmap bitmap, string[] captions)
    {
        using var canvas = new SKCanvas(bitmap);
        using var font = new SKFont(_captionTypeface.Value, CaptionFontSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var cellWidth = Scale * ImageWidth;
        for (var i = 0; i < Count; i++)
        {
            if (string.IsNullOrEmpty(captions[i]))
            {
                continue;
            }

            var (x0, y0) = CellOrigin(i);
            var band = SKRect.Create(x0, y0 + Scale * ImageHeight, cellWidth, CaptionHeight);
            canvas.Save();
            // A long caption is cut at its cell's edge instead of running into the neighbour.
            canvas.ClipRect(band);
            var textWidth = MeasureWidth(font, captions[i]);
            var x = band.Left + Math.Max(0f, (cellWidth - textWidth) / 2f);
            var baseline = band.Top + (CaptionHeight + CaptionFontSize) / 2f - 1f;
            canvas.DrawText(captions[i], x, baseline, font, paint);
            canvas.Restore();
        }
    }

    private static float MeasureWidth(SKFont font, string text)
    {
        // SkiaSharp 2.88 measures glyphs, not strings: map the text to glyph ids first.
        var glyphs = new ushort[font.CountGlyphs(text)];
        font.GetGlyphs(text, glyphs);
        return font.MeasureText(glyphs, paint: null);
    }

    private static SKTypeface FindCaptionTypeface()
    {
        // SkiaSharp's own default face varies between machines; ask for a plain sans face first.
        // Typefaces are shared, cached objects in SkiaSharp: they are looked up once and never disposed.
        foreach (var family in new[] { "DejaVu Sans", "Arial", "Helvetica", "Liberation Sans" })
        {
            var typeface = SKTypeface.FromFamilyName(family);
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            {
                return typeface;
            }
        }

        return SKTypeface.Default;
    }
}
