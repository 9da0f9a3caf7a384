using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GenerativeCourse.Plots;

/// <summary>One panel of <see cref="ScatterPanels.Grid"/>: a title and points in the plane, with optional reference points drawn beneath.</summary>
/// <param name="Title">Panel title, e.g. "step 500".</param>
/// <param name="X">First coordinates of the points.</param>
/// <param name="Y">Second coordinates, as many as <paramref name="X"/>.</param>
/// <param name="ReferenceX">First coordinates of reference points (the data), or null.</param>
/// <param name="ReferenceY">Second coordinates of the reference points, or null.</param>
/// <param name="Lines">Polylines drawn over the points: arrows of a vector field (<see cref="Polyline.Arrows"/>), or
/// sampler trajectories; null for none.</param>
public sealed record ScatterPanel(string Title, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<double>? ReferenceX = null, IReadOnlyList<double>? ReferenceY = null, IReadOnlyList<Polyline>? Lines = null);

/// <summary>A path through points of the plane, drawn as connected segments.</summary>
/// <param name="X">First coordinates, at least two.</param>
/// <param name="Y">Second coordinates, as many.</param>
public sealed record Polyline(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>
    /// A quiver plot as polylines: one arrow (a shaft and two barbs) from each point along its vector. The vectors are
    /// scaled by one common factor so that the 90th percentile of their nonzero lengths becomes <paramref name="length"/>, and
    /// longer ones are cut to that length, so that both the directions far from the data (where a score is large) and
    /// the small vectors near it stay readable; the length therefore shows only the relative size.
    /// </summary>
    /// <param name="points">Where the arrows start, <c>[n, 2]</c>.</param>
    /// <param name="vectors">Their directions and relative sizes, <c>[n, 2]</c>.</param>
    /// <param name="length">The drawn length of a 90th-percentile vector (about the grid spacing).</param>
    public static IReadOnlyList<Polyline> Arrows(TorchSharp.torch.Tensor points, TorchSharp.torch.Tensor vectors, double length)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(vectors);
        if (points.dim() != 2 || points.shape[1] != 2 || !points.shape.SequenceEqual(vectors.shape))
        {
            throw new ArgumentException($"Expected points and vectors of the same shape [n, 2], got [{string.Join(", ", points.shape)}] and [{string.Join(", ", vectors.shape)}].");
        }

        var p = points.to_type(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray();
        var v = vectors.to_type(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray();
        var n = p.Length / 2;
        var norms = Enumerable.Range(0, n).Select(i => Math.Sqrt((v[2 * i] * v[2 * i]) + (v[(2 * i) + 1] * v[(2 * i) + 1]))).ToArray();
        var sorted = norms.Where(norm => norm > 0).Order().ToArray();   // the percentile of the vectors that are drawn
        var reference = sorted.Length == 0 ? 0 : sorted[(int)(0.9 * (sorted.Length - 1))];
        var scale = reference > 0 ? length / reference : 0;
        var arrows = new List<Polyline>(n);
        for (var i = 0; i < n; i++)
        {
            var drawn = Math.Min(norms[i] * scale, length);
            if (!(drawn > 0))
            {
                continue;
            }

            double x0 = p[2 * i], y0 = p[(2 * i) + 1], ux = v[2 * i] / norms[i], uy = v[(2 * i) + 1] / norms[i];
            double x1 = x0 + (drawn * ux), y1 = y0 + (drawn * uy), barb = 0.3 * drawn;
            // Barbs at ±25° back from the tip.
            double c = Math.Cos(0.436), s = Math.Sin(0.436);
            arrows.Add(new Polyline(
                [x0, x1, x1 - (barb * ((c * ux) - (s * uy))), double.NaN, x1, x1 - (barb * ((c * ux) + (s * uy)))],
                [y0, y1, y1 - (barb * ((s * ux) + (c * uy))), double.NaN, y1, y1 - (barb * ((c * uy) - (s * ux)))]));
        }

        return arrows;
    }
}

/// <summary>
/// Small multiples of 2-D point clouds on shared axes: the samples of a GAN at several training steps (a flip-book
/// of its training), or several models side by side, each over the same data.
/// </summary>
public static class ScatterPanels
{
    /// <summary>
    /// Panels in a grid of <paramref name="columns"/> columns, read left to right and top to bottom. Reference points
    /// are light grey, the panel's points blue; every panel has the same axis ranges so they compare at a glance.
    /// </summary>
    /// <param name="panels">The panels, at least one.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="range">Half-width of both axes, centred on 0.</param>
    /// <param name="title">Title over the grid.</param>
    /// <param name="panelSize">Width and height of one panel in pixels.</param>
    public static GenericChart Grid(IReadOnlyList<ScatterPanel> panels, int columns = 4, double range = 2.6, string? title = null, int panelSize = 230)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentOutOfRangeException.ThrowIfLessThan(panels.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(panelSize, 50);
        var cells = panels.Select(panel => Panel(panel, range)).ToList();
        var rows = (panels.Count + columns - 1) / columns;
        var columnCount = Math.Min(columns, panels.Count);
        var grid = CSharpChart.Grid(cells, rows, columnCount, SubPlotTitles: panels.Select(p => p.Title).ToArray(),
                Pattern: StyleParam.LayoutGridPattern.Independent, XGap: 0.15, YGap: 0.25)
            .WithSize(panelSize * columnCount + 40, panelSize * rows + 60);
        return title is null ? grid : grid.WithTitle(title);
    }

    /// <summary>Small, half-transparent markers: a thousand points in a small panel still show where they crowd.</summary>
    private static Plotly.NET.TraceObjects.Marker SmallMarker(string color)
    {
        var marker = new Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("size", 3);
        marker.SetProperty("color", color);
        marker.SetProperty("opacity", 0.5);
        return marker;
    }

    private static GenericChart Panel(ScatterPanel panel, double range)
    {
        if (panel.X.Count != panel.Y.Count)
        {
            throw new ArgumentException($"Panel '{panel.Title}' has {panel.X.Count} x but {panel.Y.Count} y coordinates.", nameof(panel));
        }

        var traces = new List<GenericChart>();
        if (panel.ReferenceX is not null && panel.ReferenceY is not null)
        {
            traces.Add(CSharpChart.Point<double, double, string>(x: panel.ReferenceX, y: panel.ReferenceY, Name: "data", ShowLegend: false,
                Marker: SmallMarker("lightgrey")));
        }

        traces.Add(CSharpChart.Point<double, double, string>(x: panel.X, y: panel.Y, Name: "samples", ShowLegend: false,
            Marker: SmallMarker("royalblue")));
        if (panel.Lines is { Count: > 0 } lines)
        {
            // One trace for all the polylines, separated by NaN gaps (Plotly breaks a line at a missing value).
            var x = lines.SelectMany(l => l.X.Append(double.NaN)).ToArray();
            var y = lines.SelectMany(l => l.Y.Append(double.NaN)).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(x: x, y: y, Name: "lines", ShowLegend: false, LineColor: Color.fromString("firebrick"), LineWidth: 1.0));
        }

        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(MinMax: Tuple.Create(-range, range))
            .WithYAxisStyle<double, double, string>(MinMax: Tuple.Create(-range, range));
    }
}
