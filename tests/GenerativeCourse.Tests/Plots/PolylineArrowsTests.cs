using GenerativeCourse.Plots;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Plots;

/// <summary>
/// A quiver plot as polylines (<see cref="Polyline.Arrows"/>): one arrow per nonzero vector from its point, drawn at a
/// common scale that puts the 90th-percentile length at <c>length</c>, longer ones cut to it.
/// </summary>
public sealed class PolylineArrowsTests
{
    public PolylineArrowsTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ArrowsStartAtTheirPointsAndTheNinetiethPercentileIsDrawnAtTheLength()
    {
        using var scope = NewDisposeScope();
        // Eleven vectors of lengths 0, 1, …, 10, along the direction (3, 4)/5; the zero one is not drawn, and the 90th
        // percentile of the ten others, sorted, is the ninth, 9. So the common scale is 0.45 / 9 = 0.05 per unit.
        const double length = 0.45;
        var lengths = Enumerable.Range(0, 11).Select(i => (double)i).ToArray();
        var points = tensor(lengths.SelectMany(i => new[] { i, -2 * i }).ToArray()).reshape(11, 2);
        var vectors = tensor(lengths.SelectMany(l => new[] { 0.6 * l, 0.8 * l }).ToArray()).reshape(11, 2);

        var arrows = Polyline.Arrows(points, vectors, length);

        Assert.Equal(10, arrows.Count);                                   // the zero vector is skipped
        for (var k = 0; k < arrows.Count; k++)
        {
            var i = k + 1;
            var arrow = arrows[k];
            var drawn = Math.Min(0.05 * i, length);                       // 10 is cut to the 90th percentile's length
            Assert.Equal((i, -2.0 * i), (arrow.X[0], arrow.Y[0]));        // the tail
            Assert.Equal(i + (0.6 * drawn), arrow.X[1], 1e-12);           // the tip
            Assert.Equal((-2.0 * i) + (0.8 * drawn), arrow.Y[1], 1e-12);
            // Two barbs of 0.3 × the drawn length from the tip, pointing back (at 25° on either side of the shaft),
            // separated by a NaN gap.
            Assert.Equal(6, arrow.X.Count);
            Assert.True(double.IsNaN(arrow.X[3]) && double.IsNaN(arrow.Y[3]));
            Assert.Equal((arrow.X[1], arrow.Y[1]), (arrow.X[4], arrow.Y[4]));
            foreach (var end in new[] { 2, 5 })
            {
                double dx = arrow.X[end] - arrow.X[1], dy = arrow.Y[end] - arrow.Y[1];
                Assert.Equal(0.3 * drawn, Math.Sqrt((dx * dx) + (dy * dy)), 1e-12);
                Assert.Equal(-Math.Cos(0.436), ((0.6 * dx) + (0.8 * dy)) / (0.3 * drawn), 1e-12);
            }
        }

        Assert.Equal(length, Tip(arrows[8]), 1e-12);    // length 9
        Assert.Equal(length, Tip(arrows[9]), 1e-12);    // length 10, clipped
        Assert.Equal(length / 3, Tip(arrows[2]), 1e-12); // length 3
    }

    [Fact]
    public void AFieldThatIsMostlyZeroStillDrawsItsNonzeroVectors()
    {
        using var scope = NewDisposeScope();
        // Nineteen zero vectors and one of length 2: the percentile is taken over the vectors that are drawn.
        var vectors = zeros(20, 2, dtype: ScalarType.Float64);
        vectors[7, 0] = 2;

        var arrows = Polyline.Arrows(zeros(20, 2, dtype: ScalarType.Float64), vectors, 0.3);

        var arrow = Assert.Single(arrows);
        Assert.Equal(0.3, arrow.X[1], 1e-12);
        Assert.Equal(0, arrow.Y[1], 1e-12);
    }

    [Fact]
    public void PointsAndVectorsOfDifferentShapesAreRefused()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Polyline.Arrows(zeros(3, 2), zeros(2, 2), 1));
        Assert.Contains("[3, 2] and [2, 2]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Polyline.Arrows(zeros(3, 3), zeros(3, 3), 1));
    }

    [Fact]
    public void AllZeroVectorsDrawNothingAndAPanelDrawsItsLinesAsOneGappedTrace()
    {
        using var scope = NewDisposeScope();
        Assert.Empty(Polyline.Arrows(zeros(4, 2), zeros(4, 2), 1));

        var lines = new[] { new Polyline([0.0, 1.0], [0.0, 1.0]), new Polyline([2.0, 3.0, 4.0], [0.0, 0.0, 1.0]) };
        using var figure = ChartsTests.Figure(ScatterPanels.Grid([new ScatterPanel("field", [0.0], [0.0], Lines: lines)]));
        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(2, traces.Count);                                     // the samples, then the lines over them
        var x = traces[1].GetProperty("x").EnumerateArray().Select(v => v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetDouble() : double.NaN);
        Assert.Equal([0.0, 1.0, double.NaN, 2.0, 3.0, 4.0, double.NaN], x);
    }

    private static double Tip(Polyline arrow) => Math.Sqrt(Math.Pow(arrow.X[1] - arrow.X[0], 2) + Math.Pow(arrow.Y[1] - arrow.Y[0], 2));
}
