using System.Globalization;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using TorchSharp;
using XPlot.Plotly;

namespace GenerativeCourse.Plots;

/// <summary>
/// Teaches <c>Microsoft.DotNet.Interactive.Formatting</c> how to show the course's objects: Plotly.NET
/// charts, XPlot.Plotly charts, image grids and TorchSharp tensors.
/// </summary>
/// <remarks>
/// <para><b>Why this package.</b> It is the formatter of .NET Interactive itself: in VS Code (Polyglot
/// Notebooks) a cell's value and <c>display(x)</c> go through <see cref="Formatter"/>, and the
/// course's runner formats outputs through the same package (<c>x.ToDisplayString("text/html")</c> and
/// <c>"text/plain"</c>). Registering here, once, makes a chart, a grid or a tensor look the same in
/// both places, and in the HTML pages made from the runner's output.</para>
/// <para><b>API used.</b> <see cref="Formatter.Register(ITypeFormatter)"/> with our own
/// <see cref="ITypeFormatter"/> objects (version 1.0.0-beta.23562.1 also offers delegate overloads).
/// Keeping the objects lets <see cref="Register"/> ask <see cref="Formatter.RegisteredFormatters"/>
/// whether they are still there, so it registers each exactly once, and again only after something
/// cleared the formatters (<see cref="Formatter.ResetToDefault"/>). A formatter registered for a base
/// type also serves derived types, which matters for Plotly.NET, whose charts are instances of
/// subclasses of <see cref="GenericChart"/>.</para>
/// <para><b>TorchSharp.</b> Registering the tensor formatters names the <see cref="torch.Tensor"/> type
/// but calls nothing in TorchSharp, so it works before (or without) native loading; only formatting
/// an actual tensor reads its data (see <see cref="TensorDisplay"/>).</para>
/// </remarks>
public static class CourseFormatters
{
    /// <summary>MIME type of rich output.</summary>
    public const string Html = "text/html";

    /// <summary>MIME type of plain-text output.</summary>
    public const string PlainText = "text/plain";

    private static readonly Lock _gate = new();

    private static readonly ITypeFormatter[] _formatters =
    [
        new CourseFormatter<GenericChart>(Html, chart => PlotlyHtml.Fragment(chart)),
        new CourseFormatter<GenericChart>(PlainText, DescribeChart),
        new CourseFormatter<PlotlyChart>(Html, chart => PlotlyHtml.Fragment(chart)),
        new CourseFormatter<PlotlyChart>(PlainText, chart => $"XPlot.Plotly chart {chart.Id} ({chart.Width}×{chart.Height})"),
        new CourseFormatter<ImageGrid>(Html, grid => grid.ToHtml()),
        new CourseFormatter<ImageGrid>(PlainText, grid => grid.ToString()),
        new CourseFormatter<torch.Tensor>(Html, TensorDisplay.ToHtml),
        new CourseFormatter<torch.Tensor>(PlainText, TensorDisplay.ToPlainText),
    ];

    /// <summary>The formatters <see cref="Register"/> adds, for inspection and tests.</summary>
    public static IReadOnlyList<ITypeFormatter> Formatters => _formatters;

    /// <summary>Whether every course formatter is currently registered with <see cref="Formatter"/>.</summary>
    public static bool IsRegistered
    {
        get
        {
            lock (_gate)
            {
                var registered = Formatter.RegisteredFormatters(false).ToHashSet();
                return _formatters.All(registered.Contains);
            }
        }
    }

    /// <summary>
    /// Registers the course's <c>text/html</c> and <c>text/plain</c> formatters. Idempotent and
    /// thread-safe: calling it again, from any thread, adds nothing; <see cref="Course.Setup"/> calls it.
    /// </summary>
    public static void Register()
    {
        lock (_gate)
        {
            var registered = Formatter.RegisteredFormatters(false).ToHashSet();
            foreach (var formatter in _formatters.Where(f => !registered.Contains(f)))
            {
                Formatter.Register(formatter);
            }
        }
    }

    private static string DescribeChart(GenericChart chart)
    {
        var traces = GenericChart.getTraces(chart)
            .Select(trace =>
            {
                var name = trace.TryGetTypedPropertyValue<string>("name");
                var named = name is null ? "" : $" '{name.Value}'";
                return trace.type + named;
            })
            .ToList();
        return string.Create(CultureInfo.InvariantCulture, $"Plotly chart with {traces.Count} trace(s): {string.Join(", ", traces)}");
    }

    // One (type, MIME type) pair; writing the string returned by `render` is the whole job.
    private sealed class CourseFormatter<T>(string mimeType, Func<T, string> render) : ITypeFormatter
    {
        public string MimeType => mimeType;

        public Type Type => typeof(T);

        public bool Format(object instance, FormatContext context)
        {
            if (instance is not T value)
            {
                return false;
            }

            context.Writer.Write(render(value));
            return true;
        }
    }
}
