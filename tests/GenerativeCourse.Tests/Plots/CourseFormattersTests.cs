using GenerativeCourse.Plots;
using Microsoft.DotNet.Interactive.Formatting;
using XPlot.Plotly;

namespace GenerativeCourse.Tests.Plots;

// The formatter table is process-wide state; the assembly runs its tests one at a time (OneTestAtATime.cs).
public sealed class CourseFormattersTests
{
    [Fact]
    public void ChartsDisplayAsTheCourseFragmentInHtml()
    {
        CourseFormatters.Register();
        var chart = Charts.Scatter([1.5, 2.5], [3.5, 4.5]);

        var html = chart.ToDisplayString(CourseFormatters.Html);

        Assert.StartsWith("<div class=\"plotly-chart\"><div id=\"plotly-", html, StringComparison.Ordinal);
        Assert.Contains("\"x\":[1.5,2.5]", html, StringComparison.Ordinal);
        Assert.Contains("draw(window.Plotly)", html, StringComparison.Ordinal);
        Assert.Equal("Plotly chart with 1 trace(s): scatter 'points'", chart.ToDisplayString(CourseFormatters.PlainText));
    }

    [Fact]
    public void ImageGridsDisplayAsTheirImgElement()
    {
        CourseFormatters.Register();
        var grid = ImageGrid.FromBytes([0, 64, 128, 255], 2, 2, captions: ["x"]);

        Assert.Equal(grid.ToHtml(), grid.ToDisplayString(CourseFormatters.Html));
        Assert.Equal(grid.ToString(), grid.ToDisplayString(CourseFormatters.PlainText));
    }

    [Fact]
    public void XPlotChartsDisplayAsTheCourseFragment()
    {
        CourseFormatters.Register();
        var chart = Chart.Plot(new Bar { x = new[] { "a", "b" }, y = new[] { 1, 2 } });

        Assert.Equal(PlotlyHtml.Fragment(chart), chart.ToDisplayString(CourseFormatters.Html));
    }

    [Fact]
    public void RegisteringAgainAddsNothing()
    {
        CourseFormatters.Register();
        var before = Formatter.RegisteredFormatters(false).ToList();

        CourseFormatters.Register();
        CourseFormatters.Register();
        var after = Formatter.RegisteredFormatters(false).ToList();

        Assert.Equal(before, after);
        Assert.True(CourseFormatters.IsRegistered);
        Assert.All(CourseFormatters.Formatters, f => Assert.Single(after, f));
    }

    [Fact]
    public void ConcurrentRegistrationAfterAResetRegistersEachFormatterOnce()
    {
        try
        {
            Formatter.ResetToDefault();
            Assert.False(CourseFormatters.IsRegistered);

            Parallel.For(0, 32, _ => CourseFormatters.Register());

            var registered = Formatter.RegisteredFormatters(false).ToList();
            Assert.All(CourseFormatters.Formatters, f => Assert.Single(registered, f));
            Assert.True(CourseFormatters.IsRegistered);
            var grid = ImageGrid.FromBytes([9], 1, 1);
            Assert.Equal(grid.ToHtml(), grid.ToDisplayString(CourseFormatters.Html));
        }
        finally
        {
            CourseFormatters.Register();
        }
    }

    [Fact]
    public void EachFormatterServesOneTypeAndMimeType()
    {
        var pairs = CourseFormatters.Formatters.Select(f => (f.Type.Name, f.MimeType)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.Equal(8, pairs.Count);   // html and plain text for 4 types: Plotly.NET, XPlot, ImageGrid, Tensor
    }
}
