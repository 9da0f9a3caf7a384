using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GenerativeCourse.Plots;

/// <summary>
/// The charts the course draws, built with Plotly.NET's C# API (<c>Plotly.NET.CSharp</c>). Each
/// returns a Plotly.NET <see cref="GenericChart"/>, so a notebook can keep styling it
/// (<c>.WithSize(…)</c>, <c>.WithXAxisStyle&lt;double, double, string&gt;(TitleText: …)</c>,
/// <see cref="ChartStyling.WithTitle"/>) or combine it with others (<c>Chart.Combine</c>). A cell that
/// ends with a chart displays it (see <c>CourseFormatters</c>); <see cref="PlotlyHtml"/> turns one
/// into HTML.
/// </summary>
public static class Charts
{
    /// <summary>
    /// Curves of one or more metrics against epoch or step: loss curves, bits per dimension, ELBO
    /// terms. Pass several <see cref="Series"/> to compare training and validation on one axis.
    /// </summary>
    /// <example><code>Charts.Lines([new("train", trainLoss), new("validation", validLoss)], yTitle: "nats per image")</code></example>
    public static GenericChart Lines(IEnumerable<Series> series, string xTitle = "epoch", string yTitle = "loss", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = series
            .Select(s => CSharpChart.Line<double, double, string>(x: s.ResolveSteps(), y: s.Values, Name: s.Name, ShowMarkers: s.Values.Count <= 50))
            .ToList();
        if (traces.Count == 0)
        {
            throw new ArgumentException("A line chart needs at least one series.", nameof(series));
        }

        return Finish(CSharpChart.Combine(traces), xTitle, yTitle, title, width: 720, height: 420);
    }

    /// <summary>
    /// Curves with shaded bands: a score against the number of images with ± one standard deviation over repeats, for
    /// example. Each <see cref="BandSeries"/> is drawn as its line and a filled band between its lower and upper edge.
    /// </summary>
    /// <exception cref="ArgumentException">No series, lengths that differ within a series, or a band that does not
    /// contain its value.</exception>
    public static GenericChart Bands(IEnumerable<BandSeries> series, string xTitle = "n", string yTitle = "value", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = new List<GenericChart>();
        foreach (var s in series)
        {
            RequireSameLength(s.X.Count, s.Values.Count, nameof(series), $"x values of \"{s.Name}\"", "values");
            RequireSameLength(s.X.Count, s.Lower.Count, nameof(series), $"x values of \"{s.Name}\"", "lower edges");
            RequireSameLength(s.X.Count, s.Upper.Count, nameof(series), $"x values of \"{s.Name}\"", "upper edges");
            for (var i = 0; i < s.X.Count; i++)
            {
                if (!(s.Lower[i] <= s.Values[i] && s.Values[i] <= s.Upper[i]))
                {
                    throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"The band of \"{s.Name}\" at x = {s.X[i]} is [{s.Lower[i]}, {s.Upper[i]}], which does not contain its value {s.Values[i]}."), nameof(series));
                }
            }

            traces.Add(CSharpChart.Range<double, double, string>(x: s.X, y: s.Values, upper: s.Upper, lower: s.Lower,
                mode: StyleParam.Mode.Lines_Markers, Name: s.Name));
        }

        if (traces.Count == 0)
        {
            throw new ArgumentException("A band chart needs at least one series.", nameof(series));
        }

        return Finish(CSharpChart.Combine(traces), xTitle, yTitle, title, width: 720, height: 420);
    }

    /// <summary>
    /// Named points in the plane, one legend entry each: models placed by two scores (precision against recall).
    /// </summary>
    /// <param name="names">One name per point.</param>
    /// <param name="x">First coordinates, as many as names.</param>
    /// <param name="y">Second coordinates, as many as names.</param>
    /// <param name="xTitle">Horizontal axis title.</param>
    /// <param name="yTitle">Vertical axis title.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart NamedPoints(IReadOnlyList<string> names, IReadOnlyList<double> x, IReadOnlyList<double> y,
        string xTitle = "x", string yTitle = "y", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireSameLength(names.Count, x.Count, nameof(x), "names", "x coordinates");
        RequireSameLength(names.Count, y.Count, nameof(y), "names", "y coordinates");
        if (names.Count == 0)
        {
            throw new ArgumentException("Named points need at least one point.", nameof(names));
        }

        var traces = names.Select((name, i) => CSharpChart.Point<double, double, string>(x: [x[i]], y: [y[i]], Name: name)).ToList();
        return Finish(CSharpChart.Combine(traces), xTitle, yTitle, title, width: 620, height: 520);
    }

    /// <summary>One metric against epoch (1, 2, …, n): the quickest loss curve.</summary>
    public static GenericChart Line(IReadOnlyList<double> values, string name = "loss", string xTitle = "epoch",
        string yTitle = "loss", string? title = null) =>
        Lines([new Series(name, values)], xTitle, yTitle, title);

    /// <summary>
    /// Points in the plane: samples of a 2-D toy distribution, or latent codes. With
    /// <paramref name="labels"/> each label gets its own colour and legend entry (digits 0–9 in a
    /// VAE's latent space; real and generated points of a GAN).
    /// </summary>
    /// <param name="x">First coordinates.</param>
    /// <param name="y">Second coordinates, as many as <paramref name="x"/>.</param>
    /// <param name="labels">Optional label per point; points with equal labels share a colour.</param>
    /// <param name="xTitle">Horizontal axis title.</param>
    /// <param name="yTitle">Vertical axis title.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="name">Legend entry when there are no labels.</param>
    public static GenericChart Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int>? labels = null,
        string xTitle = "x₁", string yTitle = "x₂", string? title = null, string name = "points")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireSameLength(x.Count, y.Count, "y", "x coordinates", "y coordinates");
        if (labels is null)
        {
            var single = CSharpChart.Point<double, double, string>(x: x, y: y, Name: name);
            return Finish(single, xTitle, yTitle, title, width: 560, height: 520);
        }

        RequireSameLength(x.Count, labels.Count, "labels", "points", "labels");
        // One trace per label, in label order, so the legend reads 0, 1, 2, … and colours follow the palette.
        var traces = Enumerable.Range(0, x.Count)
            .GroupBy(i => labels[i])
            .OrderBy(group => group.Key)
            .Select(group => CSharpChart.Point<double, double, string>(
                x: group.Select(i => x[i]).ToArray(),
                y: group.Select(i => y[i]).ToArray(),
                Name: group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return Finish(CSharpChart.Combine(traces), xTitle, yTitle, title, width: 560, height: 520);
    }

    /// <summary>
    /// A function of two variables on a grid, as colour: a density <c>p(x₁, x₂)</c> evaluated on a
    /// mesh (normalizing flows, energy-based models). <c>values[i, j]</c> is the value at
    /// <c>(x[j], y[i])</c>: rows follow the vertical axis, as in an image.
    /// </summary>
    /// <param name="values">Grid values, <c>[y.Count, x.Count]</c>.</param>
    /// <param name="x">Horizontal grid coordinates.</param>
    /// <param name="y">Vertical grid coordinates.</param>
    /// <param name="xTitle">Horizontal axis title.</param>
    /// <param name="yTitle">Vertical axis title.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart Heatmap(double[,] values, IReadOnlyList<double> x, IReadOnlyList<double> y,
        string xTitle = "x₁", string yTitle = "x₂", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireSameLength(y.Count, values.GetLength(0), "values", "y coordinates", "rows of values");
        RequireSameLength(x.Count, values.GetLength(1), "values", "x coordinates", "columns of values");
        var rows = Enumerable.Range(0, values.GetLength(0))
            .Select(i => Enumerable.Range(0, values.GetLength(1)).Select(j => values[i, j]).ToArray())
            .ToArray();
        var chart = CSharpChart.Heatmap<double, double, double, string>(zData: rows, X: x.ToArray(), Y: y.ToArray());
        return Finish(chart, xTitle, yTitle, title, width: 560, height: 500);
    }

    /// <summary>One bar per category: a score per model, a count per class.</summary>
    public static GenericChart Bar(IReadOnlyList<string> categories, IReadOnlyList<double> values,
        string xTitle = "", string yTitle = "", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(values);
        RequireSameLength(categories.Count, values.Count, "values", "categories", "values");
        // Plotly calls vertical bars "columns"; the trace type is "bar" either way.
        var chart = CSharpChart.Column<double, string, string>(values: values, Keys: categories.ToArray());
        return Finish(chart, xTitle, yTitle, title, width: 640, height: 420);
    }

    /// <summary>
    /// The distribution of many numbers: per-example log-likelihoods, discriminator outputs, pixel
    /// values. With <paramref name="density"/> the bars integrate to 1, so a density curve can be drawn
    /// on top for comparison.
    /// </summary>
    /// <param name="values">The numbers to bin.</param>
    /// <param name="bins">Most bins plotly.js may use (it picks round bin edges).</param>
    /// <param name="density">Normalise to a probability density instead of counts.</param>
    /// <param name="xTitle">Horizontal axis title.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="name">Legend entry.</param>
    public static GenericChart Histogram(IReadOnlyList<double> values, int bins = 50, bool density = false,
        string xTitle = "value", string? title = null, string name = "values")
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var chart = CSharpChart.Histogram<double, double, string>(
            X: values.ToArray(),
            NBinsX: bins,
            Name: name,
            HistNorm: density ? StyleParam.HistNorm.ProbabilityDensity : StyleParam.HistNorm.None);
        return Finish(chart, xTitle, density ? "density" : "count", title, width: 640, height: 420);
    }

    private static GenericChart Finish(GenericChart chart, string xTitle, string yTitle, string? title, int width, int height)
    {
        var styled = chart
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithSize(width, height);
        return title is null ? styled : styled.WithTitle(title);
    }

    private static void RequireSameLength(int expected, int actual, string parameter, string what, string other)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"There are {expected} {what} but {actual} {other}; they must match.", parameter);
        }
    }
}
