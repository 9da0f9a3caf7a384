namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// The plotly.js library for the site. Chart outputs draw with <c>window.Plotly</c> when the page has it, so the site
/// writes this text once to <c>assets/plotly-&lt;version&gt;.min.js</c> and every page loads it in its head. The runner
/// does not depend on Plotly.NET; the command line fills this from the course library (Plotly.NET embeds plotly.js).
/// </summary>
/// <param name="Version">plotly.js version, for example <c>2.28.0</c>; it names the file.</param>
/// <param name="Source">The complete minified library.</param>
public sealed record PlotlyScript(string Version, string Source)
{
    /// <summary>The file name under <c>assets/</c>: <c>plotly-2.28.0.min.js</c>.</summary>
    public string FileName => $"plotly-{Version}.min.js";
}
