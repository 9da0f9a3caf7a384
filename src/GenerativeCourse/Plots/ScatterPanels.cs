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
public sealed record ScatterPanel(string Title, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<double>? ReferenceX = null, IReadOnlyList<double>? ReferenceY = null);

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
        return CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(MinMax: Tuple.Create(-range, range))
            .WithYAxisStyle<double, double, string>(MinMax: Tuple.Create(-range, range));
    }
}
