using Plotly.NET;
using CoreChart = Plotly.NET.Chart;

namespace GenerativeCourse.Plots;

/// <summary>Small styling helpers that Plotly.NET's C# API lacks.</summary>
public static class ChartStyling
{
    /// <summary>Sets the chart's title (Plotly.NET's <c>Chart.withTitle</c>, callable as a C# method).</summary>
    public static GenericChart WithTitle(this GenericChart chart, string title)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(title);
        // Plotly.NET's F# API returns a function chart -> chart; null is F#'s "no font given".
        return CoreChart.withTitle(title, null).Invoke(chart);
    }
}
