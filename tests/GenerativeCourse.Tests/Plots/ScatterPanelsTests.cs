using System.Text.Json;
using GenerativeCourse.Plots;

namespace GenerativeCourse.Tests.Plots;

public sealed class ScatterPanelsTests
{
    [Fact]
    public void EachPanelGetsItsOwnAxesWithTheSameRangeAndItsPointsOverTheReference()
    {
        var panels = new[]
        {
            new ScatterPanel("step 0", [0.0, 0.1], [0.0, -0.1], ReferenceX: [2.0], ReferenceY: [0.0]),
            new ScatterPanel("step 500", [1.0], [1.0], ReferenceX: [2.0], ReferenceY: [0.0]),
            new ScatterPanel("step 1000", [2.0, -2.0, 0.0], [0.0, 0.0, 2.0]),
        };
        using var figure = ChartsTests.Figure(ScatterPanels.Grid(panels, columns: 2, range: 3));

        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        // Reference first (drawn beneath), then the samples; the third panel has no reference.
        Assert.Equal(5, traces.Count);
        Assert.Equal([2.0], traces[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.0, 0.1], traces[1].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([2.0, -2.0, 0.0], traces[4].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        // One x axis per panel: x, x2, x3 (the traces of a panel share theirs).
        Assert.Equal(["x", "x", "x2", "x2", "x3"], traces.Select(t => t.TryGetProperty("xaxis", out var a) ? a.GetString() : "x"));

        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("columns").GetInt32());
        foreach (var axis in new[] { "xaxis", "yaxis", "xaxis2", "yaxis3" })
        {
            Assert.Equal([-3.0, 3.0], layout.GetProperty(axis).GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        }

        var titles = layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["step 0", "step 500", "step 1000"], titles);
    }

    [Fact]
    public void MismatchedCoordinatesAndEmptyGridsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ScatterPanels.Grid([new ScatterPanel("bad", [1.0, 2.0], [1.0])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScatterPanels.Grid([]));
    }
}
