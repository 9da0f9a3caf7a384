using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Tests.Cli;
using GenerativeCourse.Plots;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// The path a reader of the site gets: <c>gencourse run</c> executes a notebook whose cell displays a Plotly chart as
/// HTML, and the page it writes draws that chart in headless Chromium from <c>file://</c>, offline, without errors.
/// </summary>
/// <remarks>
/// The chart's HTML is made here with the course's <see cref="PlotlyHtml.Fragment(Plotly.NET.GenericChart, string?)"/>
/// and read by the cell from the notebook's folder (the working directory of a run), so the test covers the runner,
/// the site and the browser without restoring Plotly.NET inside the worker.
/// </remarks>
[Collection(Execution.WorkerCollection.Name)]
public sealed class RunSiteInChromiumTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    [ChromiumFact]
    public async Task ChartDisplayedByAnExecutedNotebookDrawsOffline()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("chart.html"), PlotlyHtml.Fragment(Charts.Line([0.9, 0.5, 0.3, 0.25]), elementId: "loss"));
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown("# A chart\n\nThe loss $\\mathcal{L}(\\theta)$ falls:"));
        notebook.AddCell(NotebookCell.Code("display(HTML(System.IO.File.ReadAllText(\"chart.html\")));"));
        Assert.Null(IpynbWriter.WriteFile(notebook, temp.File("01-chart.ipynb")));
        using var timeout = new CancellationTokenSource(_timeout);

        var (exitCode, console) = await CommandLine.RunAsync("run", temp.File("01-chart.ipynb"), "--out", temp.File("artifacts"));

        Assert.True(exitCode == 0, console);
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        await using var page = await BrowserPage.OpenAsync(browser, timeout.Token);
        await page.NavigateAsync(new Uri(temp.File("artifacts/site/01-chart.html")), timeout.Token);
        var drawn = await page.WaitUntilAsync(
            "document.querySelectorAll('.output.html #loss .main-svg').length > 0 && document.querySelectorAll('.katex').length > 0",
            TimeSpan.FromSeconds(10),
            timeout.Token);

        Assert.True(drawn, "no chart SVG or typeset math; errors: " + string.Join("; ", page.Errors));
        Assert.Empty(page.Errors);
        Assert.All(page.Requests, url => Assert.True(url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
    }
}
