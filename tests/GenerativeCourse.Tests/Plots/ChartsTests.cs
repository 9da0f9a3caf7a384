using System.Text.Json;
using GenerativeCourse.Plots;
using Plotly.NET;

namespace GenerativeCourse.Tests.Plots;

public sealed class ChartsTests
{
    [Fact]
    public void LinesDrawOneNamedTracePerSeriesAgainstEpochsWithAxisTitles()
    {
        var chart = Charts.Lines(
            [new Series("train", [3.0, 2.0, 1.5]), new Series("validation", [3.5, 2.5, 2.25], Steps: [10, 20, 30])],
            yTitle: "nats per image", title: "NADE");
        using var figure = Figure(chart);

        var traces = Traces(figure);
        Assert.Equal(2, traces.Count);
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Equal(["train", "validation"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1.0, 2.0, 3.0], Numbers(traces[0], "x"));          // default steps are epoch numbers 1…n
        Assert.Equal([3.0, 2.0, 1.5], Numbers(traces[0], "y"));
        Assert.Equal([10.0, 20.0, 30.0], Numbers(traces[1], "x"));
        Assert.Equal("lines+markers", traces[0].GetProperty("mode").GetString());

        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal("epoch", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("nats per image", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("NADE", layout.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void LinesRejectStepsThatDoNotMatchTheValues()
    {
        var error = Assert.Throws<ArgumentException>(() => Charts.Lines([new Series("train", [1.0, 2.0], Steps: [1.0])]));
        Assert.Contains("'train' has 2 values but 1 steps", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Charts.Lines([]));
    }

    [Fact]
    public void ScatterWithLabelsGivesOneTracePerLabelHoldingExactlyItsPoints()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        double[] y = [10, 11, 12, 13, 14, 15];
        int[] labels = [2, 0, 2, 1, 0, 2];
        using var figure = Figure(Charts.Scatter(x, y, labels));

        var traces = Traces(figure);
        Assert.Equal(["0", "1", "2"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal("markers", t.GetProperty("mode").GetString()));
        Assert.Equal([1.0, 4.0], Numbers(traces[0], "x"));
        Assert.Equal([11.0, 14.0], Numbers(traces[0], "y"));
        Assert.Equal([3.0], Numbers(traces[1], "x"));
        Assert.Equal([0.0, 2.0, 5.0], Numbers(traces[2], "x"));
        Assert.Equal([10.0, 12.0, 15.0], Numbers(traces[2], "y"));
    }

    [Fact]
    public void ScatterWithoutLabelsIsOneTraceAndMismatchedLengthsAreRejected()
    {
        using var figure = Figure(Charts.Scatter([1.0, 2.0], [3.0, 4.0], name: "samples"));
        var trace = Assert.Single(Traces(figure));
        Assert.Equal("samples", trace.GetProperty("name").GetString());
        Assert.Equal([3.0, 4.0], Numbers(trace, "y"));

        Assert.Throws<ArgumentException>(() => Charts.Scatter([1.0, 2.0], [3.0]));
        Assert.Throws<ArgumentException>(() => Charts.Scatter([1.0, 2.0], [3.0, 4.0], labels: [1]));
    }

    [Fact]
    public void HeatmapRowsFollowTheVerticalAxis()
    {
        var values = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };   // 2 values of y, 3 of x
        using var figure = Figure(Charts.Heatmap(values, x: [-1.0, 0.0, 1.0], y: [-0.5, 0.5]));

        var trace = Assert.Single(Traces(figure));
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal([-1.0, 0.0, 1.0], Numbers(trace, "x"));
        Assert.Equal([-0.5, 0.5], Numbers(trace, "y"));
        var z = trace.GetProperty("z").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([1.0, 2.0, 3.0], z[0]);
        Assert.Equal([4.0, 5.0, 6.0], z[1]);

        Assert.Throws<ArgumentException>(() => Charts.Heatmap(values, x: [0.0, 1.0], y: [0.0, 1.0]));
    }

    [Fact]
    public void BarHasOneBarPerCategory()
    {
        using var figure = Figure(Charts.Bar(["NADE", "MADE", "VAE"], [88.5, 86.6, 90.1], yTitle: "test NLL (nats)"));
        var trace = Assert.Single(Traces(figure));
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal(["NADE", "MADE", "VAE"], trace.GetProperty("x").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([88.5, 86.6, 90.1], Numbers(trace, "y"));
    }

    [Fact]
    public void HistogramBinsTheValuesAndNormalisesOnRequest()
    {
        using var counts = Figure(Charts.Histogram([1.0, 2.0, 2.0, 3.0], bins: 7));
        var trace = Assert.Single(Traces(counts));
        Assert.Equal("histogram", trace.GetProperty("type").GetString());
        Assert.Equal([1.0, 2.0, 2.0, 3.0], Numbers(trace, "x"));
        Assert.Equal(7, trace.GetProperty("nbinsx").GetInt32());
        Assert.False(trace.TryGetProperty("histnorm", out var none) && none.GetString() is { Length: > 0 }, "counts are not normalised");
        Assert.Equal("count", YTitle(counts));

        using var density = Figure(Charts.Histogram([1.0, 2.0], density: true));
        Assert.Equal("probability density", Assert.Single(Traces(density)).GetProperty("histnorm").GetString());
        Assert.Equal("density", YTitle(density));
    }

    [Fact]
    public void WithTitleSetsTheTitleOfAnyChart()
    {
        using var figure = Figure(Charts.Line([1.0, 0.5]).WithTitle("loss"));
        Assert.Equal("loss", figure.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    internal static JsonDocument Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart));

    [Fact]
    public void BandsDrawEachCurveWithItsUpperAndLowerEdge()
    {
        using var figure = Figure(Charts.Bands(
            [new BandSeries("KID", [1.0, 2.0, 3.0], [0.5, 0.4, 0.3], [0.25, 0.3, 0.25], [0.75, 0.5, 0.35])], xTitle: "log₁₀ n", yTitle: "KID"));

        var traces = Traces(figure);
        var line = traces.Single(t => t.TryGetProperty("name", out var name) && name.GetString() == "KID");
        Assert.Equal([0.5, 0.4, 0.3], Numbers(line, "y"));
        Assert.Equal([1.0, 2.0, 3.0], Numbers(line, "x"));
        // The band's edges are traces of their own holding exactly the lower and upper values.
        Assert.Contains(traces, t => Numbers(t, "y").SequenceEqual([0.25, 0.3, 0.25]));
        Assert.Contains(traces, t => Numbers(t, "y").SequenceEqual([0.75, 0.5, 0.35]));
        Assert.Equal("KID", YTitle(figure));
    }

    [Fact]
    public void BandsRejectABandThatMissesItsValueAndMismatchedLengths()
    {
        var outside = Assert.Throws<ArgumentException>(() => Charts.Bands([new BandSeries("FID", [1.0, 2.0], [5.0, 4.0], [4.0, 4.5], [6.0, 5.0])]));
        Assert.Contains("The band of \"FID\" at x = 2 is [4.5, 5], which does not contain its value 4", outside.Message, StringComparison.Ordinal);
        var short_ = Assert.Throws<ArgumentException>(() => Charts.Bands([new BandSeries("FID", [1.0, 2.0], [5.0], [4.0], [6.0])]));
        Assert.Contains("There are 2 x values of \"FID\" but 1 values", short_.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Charts.Bands([]));
    }

    [Fact]
    public void NamedPointsGiveOneLegendEntryPerPoint()
    {
        using var figure = Figure(Charts.NamedPoints(["vae", "dcgan"], [0.8, 0.83], [0.78, 0.56], xTitle: "recall", yTitle: "precision"));

        var traces = Traces(figure);
        Assert.Equal(["vae", "dcgan"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([0.83], Numbers(traces[1], "x"));
        Assert.Equal([0.56], Numbers(traces[1], "y"));
        Assert.Throws<ArgumentException>(() => Charts.NamedPoints(["vae"], [0.8, 0.9], [0.7]));
    }

    private static List<JsonElement> Traces(JsonDocument figure) =>
        figure.RootElement.GetProperty("data").EnumerateArray().ToList();

    private static double[] Numbers(JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static string? YTitle(JsonDocument figure) =>
        figure.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString();
}
