using System.Globalization;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>
/// The first cell of every course notebook, for real: TorchSharp and the display packages restored with
/// <c>#r "nuget:"</c>, the course library referenced with <c>#r</c>, <c>Course.Setup()</c>, a tensor computed and shown
/// through the course's formatters; and SkiaSharp drawing a PNG through native libraries found by the worker.
/// Runs twice with a fresh restore cache, to measure a cold and a cached restore.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class TorchSharpNotebookTests(ITestOutputHelper output)
{
    private static readonly string[] _packages =
    [
        "TorchSharp-cpu, 0.107.0",
        "Microsoft.DotNet.Interactive.Formatting, 1.0.0-beta.23562.1",
        "Plotly.NET, 6.0.0",
        "Plotly.NET.CSharp, 0.14.0",
        "XPlot.Plotly, 4.1.0",
        "SkiaSharp, 2.88.9",
        "SkiaSharp.NativeAssets.Linux.NoDependencies, 2.88.9",
    ];

    [Fact]
    public async Task CourseSetupTensorsAndSkiaSharpRunInACell()
    {
        Assert.True(File.Exists(CourseLibraryCell.LibraryPath), $"the course library is not built at {CourseLibraryCell.LibraryPath}");
        using var directory = new Fixture.TempDirectory();
        using var cache = new Fixture.TempDirectory();
        var setup = CourseLibraryCell.Source(_packages) + "\ntorch.ones(3).sum().item<float>()";
        var path = Run.Write(
            directory,
            setup,
            "torch.ones(2, 2)",
            """
            using SkiaSharp;
            var bitmap = new SKBitmap(4, 4);
            using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(SKColors.Red); }
            var png = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100).ToArray();
            $"{Encoding.ASCII.GetString(png, 1, 3)} {bitmap.GetPixel(1, 1)}"
            """);
        var options = new NotebookRunOptions { Environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache.Path } };

        foreach (var restore in new[] { "cold", "cached" })
        {
            var result = await Run.NotebookAsync(path, options);

            Assert.True(result.Succeeded, result.ToString());
            var cells = result.Notebook!.Cells;
            Assert.Equal("3", Run.Text(cells[0].Outputs[^1], "text/plain"));
            // The course's tensor formatter, registered by Course.Setup() inside the cell, is the one the worker uses.
            Assert.Equal("tensor [2, 2] float32 cpu\n[[1, 1]\n [1, 1]]", Run.Text(Assert.Single(cells[1].Outputs), "text/plain"));
            Assert.Equal("PNG #ffff0000", Run.Text(Assert.Single(cells[2].Outputs), "text/plain"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"restore {restore}: worker start {result.WorkerStartup.TotalSeconds:0.00} s, first cell (restore + Roslyn + TorchSharp) {cells[0].Timing!.Duration.TotalSeconds:0.00} s, " +
                $"tensor cell {cells[1].Timing!.Duration.TotalSeconds:0.00} s, SkiaSharp cell {cells[2].Timing!.Duration.TotalSeconds:0.00} s, whole run {result.Elapsed.TotalSeconds:0.00} s"));
        }
    }
}
