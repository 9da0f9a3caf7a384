using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Site;
using GenerativeCourse.Plots;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// Opens pages of the static site from <c>file://</c> in headless Chromium, with no network: the Plotly chart must
/// draw its SVG, KaTeX must typeset the math, and nothing may log an error or throw.
/// </summary>
public sealed class SiteInChromiumTests
{
    // Chromium starts in about a second; plotly.js (3.6 MB) parses in well under that. Generous for a busy CI machine.
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(90);

    [ChromiumFact]
    public async Task ChartDrawsAndMathIsTypesetOfflineWithoutErrors()
    {
        using var temp = new Fixture.TempDirectory();
        var site = StaticSite.Write(temp.File("site"), [ChartAndMathPage()], new SiteOptions
        {
            Plotly = new PlotlyScript(PlotlyHtml.PlotlyJsVersion, PlotlyHtml.PlotlyJsSource()),
        });
        using var timeout = new CancellationTokenSource(_testTimeout);

        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        await using var page = await BrowserPage.OpenAsync(browser, timeout.Token);
        await page.NavigateAsync(new Uri(site.PagePaths[0]), timeout.Token);
        var drawn = await page.WaitUntilAsync(
            "document.querySelectorAll('.main-svg').length > 0 && document.querySelectorAll('.katex').length >= 2", TimeSpan.FromSeconds(10), timeout.Token);

        var svgs = (await page.EvaluateAsync("document.querySelectorAll('#loss-chart .main-svg').length", timeout.Token)).GetInt32();
        var traces = (await page.EvaluateAsync("document.querySelectorAll('#loss-chart .scatterlayer .trace').length", timeout.Token)).GetInt32();
        var inlineMath = (await page.EvaluateAsync("document.querySelectorAll('span.math .katex').length", timeout.Token)).GetInt32();
        var displayMath = (await page.EvaluateAsync("document.querySelectorAll('div.math .katex-display').length", timeout.Token)).GetInt32();
        var mathErrors = (await page.EvaluateAsync("document.querySelectorAll('.katex-error').length", timeout.Token)).GetInt32();
        var image = (await page.EvaluateAsync("(function () { var i = document.querySelector('.output.image img'); return i ? i.naturalWidth : 0; })()", timeout.Token)).GetInt32();

        Assert.True(drawn, "the chart's SVG or the typeset math did not appear within 10 s; errors: " + string.Join("; ", page.Errors));
        Assert.Empty(page.Errors);
        Assert.True(svgs > 0, "the Plotly chart has no .main-svg");
        Assert.Equal(1, traces);
        Assert.Equal(2, inlineMath);
        Assert.Equal(1, displayMath);
        Assert.Equal(0, mathErrors);
        Assert.True(image > 0, "the PNG output did not decode");
        // Offline: the page asked for nothing but local files and inline data.
        Assert.All(page.Requests, url => Assert.True(url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
        Assert.Contains(page.Requests, url => url.EndsWith("/assets/katex/fonts/KaTeX_Main-Regular.woff2", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task TheProbeSeesConsoleErrorsExceptionsAndMissingFiles()
    {
        // The test above passes only if it sees no errors; this shows it would see them.
        using var temp = new Fixture.TempDirectory();
        var path = temp.File("broken.html");
        File.WriteAllText(path, """
            <!DOCTYPE html><html><head><script src="missing.js"></script></head>
            <body><script>console.error('logged'); throw new Error('thrown');</script></body></html>
            """);
        using var timeout = new CancellationTokenSource(_testTimeout);

        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        await using var page = await BrowserPage.OpenAsync(browser, timeout.Token);
        await page.NavigateAsync(new Uri(path), timeout.Token);
        await page.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(5), timeout.Token);

        Assert.Contains(page.Errors, e => e == "console: logged");
        Assert.Contains(page.Errors, e => e.StartsWith("exception: Error: thrown", StringComparison.Ordinal));
        Assert.Contains(page.Errors, e => e.StartsWith("log (network): ", StringComparison.Ordinal) && e.Contains("missing.js", StringComparison.Ordinal));
    }

    private static SitePage ChartAndMathPage()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown(
            "# Chain rule\n\nAn autoregressive model factorises $p(x) = \\prod_{i} p(x_i \\mid x_{<i})$, so $a_{i}*b$ stays math.\n\n" +
            "$$\n\\log p(x) = \\sum_{i=1}^{D} \\log p(x_i \\mid x_{1:i-1})\n$$\n"));
        var chart = NotebookCell.Code("Charts.Line(losses)");
        chart.ExecutionCount = 1;
        var fragment = PlotlyHtml.Fragment(Charts.Line([0.9, 0.5, 0.3, 0.25]), elementId: "loss-chart");
        chart.Outputs.Add(new ExecuteResultOutput(1, new MimeBundle().SetText("text/html", fragment).SetText("text/plain", "chart")));
        notebook.AddCell(chart);
        var grid = NotebookCell.Code("grid");
        grid.ExecutionCount = 2;
        var png = ImageGrid.FromBytes(new byte[4 * 28 * 28], 28, 28).ToPng();
        grid.Outputs.Add(new DisplayDataOutput(new MimeBundle().SetText("image/png", Convert.ToBase64String(png))));
        notebook.AddCell(grid);
        return new SitePage("01-chain", notebook) { Duration = TimeSpan.FromSeconds(1) };
    }
}
