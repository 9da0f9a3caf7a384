namespace GenerativeCourse.Notebooks.Site;

/// <summary>What <see cref="StaticSite.Write"/> needs besides the notebooks.</summary>
public sealed record SiteOptions
{
    /// <summary>The site's name, at the top of the index and in every page title.</summary>
    public string Title { get; init; } = "GenerativeCourse";

    /// <summary>plotly.js for chart outputs; without it charts load plotly.js from its CDN, which needs a network.</summary>
    public PlotlyScript? Plotly { get; init; }
}
