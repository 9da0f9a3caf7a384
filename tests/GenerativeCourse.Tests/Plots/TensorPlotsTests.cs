using GenerativeCourse.Plots;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace GenerativeCourse.Tests.Plots;

// Everything here makes tensors, so it needs Course.Setup (native loading).
public sealed class TensorPlotsTests
{
    public TensorPlotsTests() => Course.Setup();

    [Fact]
    public void EveryAcceptedTensorShapeGivesTheSamePngAsTheFloatArray()
    {
        using var scope = torch.NewDisposeScope();
        var pixels = Enumerable.Range(0, 3 * 784).Select(i => i % 256 / 255f).ToArray();
        var expected = ImageGrid.FromPixels(pixels, 28, 28, columns: 2, scale: 1).ToPng();
        var flat = torch.tensor(pixels).reshape(3, 784);

        Assert.Equal(expected, ImageGrid.FromTensor(flat, columns: 2, scale: 1).ToPng());
        Assert.Equal(expected, ImageGrid.FromTensor(flat.reshape(3, 28, 28), columns: 2, scale: 1).ToPng());
        Assert.Equal(expected, ImageGrid.FromTensor(flat.reshape(3, 1, 28, 28), columns: 2, scale: 1).ToPng());
        // float64, requiring gradients, non-contiguous (a transposed view): still the same pixels.
        Assert.Equal(expected, ImageGrid.FromTensor(flat.to_type(torch.float64).requires_grad_(), columns: 2, scale: 1).ToPng());
        var transposed = flat.reshape(3, 28, 28).transpose(1, 2).contiguous().transpose(1, 2);
        Assert.False(transposed.is_contiguous());
        Assert.Equal(expected, ImageGrid.FromTensor(transposed, columns: 2, scale: 1).ToPng());
    }

    [Fact]
    public void TensorValuesAreClampedLikeFloats()
    {
        using var scope = torch.NewDisposeScope();
        var grid = ImageGrid.FromTensor(torch.tensor(new[] { -2f, 0.5f, 3f, float.NaN }).reshape(1, 2, 2), scale: 1, padding: 0);
        using var png = ImageGridTests.Decode(grid.ToPng());
        Assert.Equal([0, 128, 255, 0], new[] { ImageGridTests.Grey(png, 0, 0), ImageGridTests.Grey(png, 1, 0), ImageGridTests.Grey(png, 0, 1), ImageGridTests.Grey(png, 1, 1) });
    }

    [Fact]
    public void WrongTensorShapesAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var colour = Assert.Throws<ArgumentException>(() => ImageGrid.FromTensor(torch.zeros(2, 3, 28, 28)));
        Assert.Contains("one grey channel", colour.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallTensorsShowShapeDtypeDeviceAndValues()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 0.5f, 1.25f, -2f, 3f, 4f, 5.5f }).reshape(2, 3);

        var text = x.ToDisplayString(CourseFormatters.PlainText);

        var lines = text.Split('\n');
        Assert.Equal("tensor [2, 3] float32 cpu", lines[0]);
        Assert.Contains("0.5", lines[1], StringComparison.Ordinal);
        Assert.Contains("1.25", lines[1], StringComparison.Ordinal);
        Assert.Contains("5.5", text, StringComparison.Ordinal);
        Assert.Equal(TensorDisplay.ToPlainText(x), text);
    }

    [Fact]
    public void LargeTensorsShowASummaryInsteadOfValues()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(1000, dtype: torch.float32).reshape(10, 100);   // 0…999: mean 499.5

        var text = x.ToDisplayString(CourseFormatters.PlainText);

        Assert.StartsWith("tensor [10, 100] float32 cpu\n1000 values: min 0, max 999, mean 499.5, std ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("998", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SummariesCountNaNAndIgnoreThemInStatistics()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(200);
        x[3] = torch.tensor(float.NaN);
        x[7] = torch.tensor(float.NaN);

        Assert.Equal("200 values: min 1, max 1, mean 1, std 0; 2 NaN (statistics ignore them)", TensorDisplay.Body(x));
    }

    [Fact]
    public void HtmlShowsTheHeaderAndValuesEscaped()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.zeros(2, requires_grad: true);

        var html = w.ToDisplayString(CourseFormatters.Html);

        Assert.StartsWith("<div class=\"torch-tensor\"><code>tensor [2] float32 cpu requires_grad</code><pre", html, StringComparison.Ordinal);
        Assert.Equal(TensorDisplay.ToHtml(w), html);
    }

    [Fact]
    public void DisposedTensorsAreDescribedNotRead()
    {
        var x = torch.ones(3);
        x.Dispose();
        Assert.Equal("tensor (disposed)", x.ToDisplayString(CourseFormatters.PlainText));
    }

    [Fact]
    public void FormattingLeavesNoTensorBehind()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(50, 50);
        var before = scope.DisposablesCount;
        _ = x.ToDisplayString(CourseFormatters.PlainText);
        _ = x.ToDisplayString(CourseFormatters.Html);
        Assert.Equal(before, scope.DisposablesCount);
    }
}
