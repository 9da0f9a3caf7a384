using GenerativeCourse.Plots;
using XPlot.Plotly;

namespace GenerativeCourse.Tests.Plots;

public sealed class PlotlyHtmlTests
{
    [Fact]
    public void FragmentHoldsTheChartDataAndDrawsWithWindowPlotlyWhenPresent()
    {
        var chart = Charts.Lines([new Series("train", [0.25, 0.125, 0.0625])]);
        var html = PlotlyHtml.Fragment(chart, elementId: "loss-curve");

        Assert.StartsWith("<div class=\"plotly-chart\"><div id=\"loss-curve\"></div><script type=\"text/javascript\">", html, StringComparison.Ordinal);
        Assert.EndsWith("</script></div>", html, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"scatter\"", html, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"train\"", html, StringComparison.Ordinal);
        Assert.Contains("\"x\":[1.0,2.0,3.0]", html, StringComparison.Ordinal);
        Assert.Contains("\"y\":[0.25,0.125,0.0625]", html, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot(\"loss-curve\", [{", html, StringComparison.Ordinal);
        Assert.Contains("if (window.Plotly) { draw(window.Plotly); return; }", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FragmentWithoutPlotlyLoadsTheEmbeddedVersionFromTheCdnOnceOrThroughRequire()
    {
        var html = PlotlyHtml.Fragment(Charts.Line([1.0]));

        Assert.Equal("https://cdn.plot.ly/plotly-2.28.0.min.js", PlotlyHtml.CdnUrl);
        Assert.Contains("script.src = \"https://cdn.plot.ly/plotly-2.28.0.min.js\"", html, StringComparison.Ordinal);
        Assert.Contains("paths: { plotly: \"https://cdn.plot.ly/plotly-2.28.0.min\" }", html, StringComparison.Ordinal);
        Assert.Contains("window.generativeCoursePlotly", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FragmentIdsAreUniqueUnlessGivenAndThenReproducible()
    {
        var chart = Charts.Line([1.0, 2.0]);
        Assert.NotEqual(PlotlyHtml.Fragment(chart), PlotlyHtml.Fragment(chart));
        Assert.Equal(PlotlyHtml.Fragment(chart, "a"), PlotlyHtml.Fragment(chart, "a"));
    }

    [Fact]
    public void TextThatWouldCloseTheScriptElementIsEscaped()
    {
        var html = PlotlyHtml.Fragment(Charts.Line([1.0], name: "a</script><!--b"), elementId: "x\"y");

        Assert.Equal(1, Occurrences(html, "</script>"));                  // only the real end tag
        Assert.Equal(0, Occurrences(html, "<!--"));
        Assert.Contains("a<\\/script><\\!--b", html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"x&quot;y\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PlotlyJsSourceIsTheEmbeddedPlotlyJs2_28()
    {
        var source = PlotlyHtml.PlotlyJsSource();

        Assert.Equal("2.28.0", PlotlyHtml.PlotlyJsVersion);
        Assert.True(source.Length > 3_000_000, $"plotly.min.js is about 3.6 MB, got {source.Length} characters");
        Assert.Contains("version=\"2.28.0\"", source, StringComparison.Ordinal);
        Assert.Contains("newPlot", source, StringComparison.Ordinal);
        Assert.Same(source, PlotlyHtml.PlotlyJsSource());                // read once
        Assert.DoesNotContain("</script", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ScriptTagWrapsTheSourceForAPageHead()
    {
        var tag = PlotlyHtml.ScriptTag();
        Assert.StartsWith("<script type=\"text/javascript\" charset=\"utf-8\">", tag, StringComparison.Ordinal);
        Assert.EndsWith("</script>", tag, StringComparison.Ordinal);
        Assert.Equal(PlotlyHtml.PlotlyJsSource().Length + tag.IndexOf('>', StringComparison.Ordinal) + 1 + "</script>".Length, tag.Length);
    }

    [Fact]
    public void XPlotFragmentKeepsTheChartIdAndSizeAndDrawsWithWindowPlotly()
    {
        var chart = Chart.Plot(new Scatter { x = new[] { 1, 2, 3 }, y = new[] { 4.5, 5.5, 6.5 }, name = "xplot</script>" });
        chart.WithSize(640, 480);
        var html = PlotlyHtml.Fragment(chart);

        Assert.StartsWith($"<div class=\"plotly-chart\"><div id=\"{chart.Id}\" style=\"width: 640px; height: 480px;\"></div>", html, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"scatter\"", html, StringComparison.Ordinal);
        Assert.Contains("\"y\":[4.5,5.5,6.5]", html, StringComparison.Ordinal);
        Assert.Contains($"Plotly.newPlot('{chart.Id}'", html, StringComparison.Ordinal);
        Assert.Contains("if (window.Plotly) { draw(window.Plotly); return; }", html, StringComparison.Ordinal);
        Assert.DoesNotContain("plotly-latest", html, StringComparison.Ordinal);   // XPlot's own CDN page is not used
        Assert.Equal(1, Occurrences(html, "</script>"));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
