using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Tests.Cli;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// The path a reader of the site gets: <c>gencourse run</c> executes a notebook whose cell displays a Plotly chart as
/// HTML, and the page it writes draws that chart in headless Chromium from <c>file://</c>, offline, without errors.
/// </summary>
/// <remarks>
/// The notebook starts as every chapter does: the packages restored with <c>#r "nuget:"</c>, the course library
/// referenced with <c>#r</c>, <c>Course.Setup()</c>; the chart is a trailing expression made with the library's
/// <c>Charts</c>, displayed through the formatters <c>Course.Setup</c> registers.
/// </remarks>
[Collection(Execution.WorkerCollection.Name)]
public sealed class RunSiteInChromiumTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [ChromiumFact]
    public async Task ChartDisplayedByAnExecutedNotebookDrawsOffline()
    {
        using var temp = new Fixture.TempDirectory();
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown("# A chart\n\nThe loss $\\mathcal{L}(\\theta)$ falls:"));
        notebook.AddCell(NotebookCell.Code(Execution.CourseLibraryCell.Source()));
        notebook.AddCell(NotebookCell.Code("GenerativeCourse.Plots.Charts.Line([0.9, 0.5, 0.3, 0.25])"));
        Assert.Null(IpynbWriter.WriteFile(notebook, temp.File("01-chart.ipynb")));
        using var timeout = new CancellationTokenSource(_timeout);

        var (exitCode, console) = await CommandLine.RunAsync("run", temp.File("01-chart.ipynb"), "--out", temp.File("artifacts"));

        Assert.True(exitCode == 0, console);
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        await using var page = await BrowserPage.OpenAsync(browser, timeout.Token);
        await page.NavigateAsync(new Uri(temp.File("artifacts/site/01-chart.html")), timeout.Token);
        var drawn = await page.WaitUntilAsync(
            "document.querySelectorAll('.output.html .plotly-chart .main-svg').length > 0 && document.querySelectorAll('.katex').length > 0",
            TimeSpan.FromSeconds(10),
            timeout.Token);

        Assert.True(drawn, "no chart SVG or typeset math; errors: " + string.Join("; ", page.Errors));
        Assert.Empty(page.Errors);
        Assert.All(page.Requests, url => Assert.True(url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
    }
}
