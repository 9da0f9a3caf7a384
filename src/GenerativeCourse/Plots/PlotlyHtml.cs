using System.Net;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Plotly.NET;
using XPlot.Plotly;

namespace GenerativeCourse.Plots;

/// <summary>
/// HTML for Plotly charts that draws wherever the notebook is read: in VS Code (with internet), in
/// the course's static site (offline), and in any page that already has plotly.js.
/// </summary>
/// <remarks>
/// <para><b>Where plotly.js comes from.</b> Plotly.NET 6 ships plotly.js <see cref="PlotlyJsVersion"/>
/// inside its own assembly as the embedded resource <c>Plotly.NET.plotly-2.28.0.min.js</c> (the version
/// is Plotly.NET's <c>Globals.PLOTLYJS_VERSION</c>). <see cref="PlotlyJsSource"/> reads it, so the
/// static site puts that one copy in each page's head (<see cref="ScriptTag"/>) and needs no network.</para>
/// <para><b>How a fragment draws.</b> <see cref="Fragment(GenericChart, string?)"/> emits a <c>div</c>
/// and a script that calls <c>Plotly.newPlot</c> with <c>window.Plotly</c> when the page already has
/// it. Otherwise it loads the same plotly.js version from the plotly CDN: through <c>requirejs</c> when
/// the page uses it (as Jupyter-style hosts do, and as Plotly.NET's own notebook output does; a plain
/// script tag would then fail, because plotly.js registers itself as an AMD module), or with one
/// shared script tag per page. Offline and without plotly.js, the div says so instead of staying blank.</para>
/// </remarks>
public static class PlotlyHtml
{
    private static readonly Lazy<string> _plotlyJs = new(ReadEmbeddedPlotlyJs);

    /// <summary>Version of the plotly.js that Plotly.NET embeds and that fragments load from the CDN: "2.28.0".</summary>
    public static string PlotlyJsVersion => Globals.PLOTLYJS_VERSION;

    /// <summary>The plotly CDN address of <see cref="PlotlyJsVersion"/>, used when a page has no plotly.js.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{PlotlyJsVersion}.min.js";

    /// <summary>
    /// The complete, minified plotly.js that Plotly.NET embeds (about 3.6 MB), read once from
    /// Plotly.NET's assembly resources. For pages that must work offline.
    /// </summary>
    public static string PlotlyJsSource() => _plotlyJs.Value;

    /// <summary>
    /// A <c>&lt;script&gt;</c> element holding <see cref="PlotlyJsSource"/>, for a page's head: every
    /// fragment on that page then draws with <c>window.Plotly</c>, offline.
    /// </summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\" charset=\"utf-8\">" + EscapeScriptEndTags(PlotlyJsSource()) + "</script>";

    /// <summary>
    /// An HTML fragment (a <c>div</c> and a <c>script</c>) that draws a Plotly.NET chart: its traces,
    /// layout and config as Plotly.NET serialises them (the chart's display options, which only affect
    /// whole documents, are not used).
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <param name="elementId">Id of the chart's <c>div</c>; a new unique id by default. Give one for reproducible output.</param>
    public static string Fragment(GenericChart chart, string? elementId = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var id = elementId ?? "plotly-" + Guid.NewGuid().ToString("N");
        var data = JsonConvert.SerializeObject(GenericChart.getTraces(chart), Globals.JSON_CONFIG);
        var layout = JsonConvert.SerializeObject(GenericChart.getLayout(chart), Globals.JSON_CONFIG);
        var config = JsonConvert.SerializeObject(GenericChart.getConfig(chart), Globals.JSON_CONFIG);
        var draw = $"Plotly.newPlot({JsString(id)}, {data}, {layout}, {config});";
        return Wrap(id, style: null, draw);
    }

    /// <summary>
    /// An HTML fragment that draws an XPlot.Plotly chart. XPlot's own HTML links
    /// <c>plotly-latest.min.js</c> from the CDN in a full page; this fragment instead draws with
    /// <c>window.Plotly</c> when present and otherwise loads plotly.js like
    /// <see cref="Fragment(GenericChart, string?)"/>. The <c>div</c> keeps the chart's own
    /// <see cref="PlotlyChart.Id"/>, width and height.
    /// </summary>
    public static string Fragment(PlotlyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var style = $"width: {chart.Width}px; height: {chart.Height}px;";
        // XPlot's plotting script refers to the global name Plotly; inside the wrapper that name is
        // the draw function's parameter, so it works with a required module as well.
        return Wrap(chart.Id, style, chart.GetPlottingJS().Trim());
    }

    private static string Wrap(string id, string? style, string drawBody)
    {
        var idHtml = WebUtility.HtmlEncode(id);
        var idJs = JsString(id);
        var styleAttribute = style is null ? "" : $" style=\"{style}\"";
        var cdnWithoutExtension = CdnUrl[..^".js".Length];
        var message = JsString(
            "This chart needs plotly.js: open the notebook with internet access, or use the course's offline HTML pages.");
        var script = $$"""
            (function () {
              var draw = function (Plotly) {
                {{drawBody}}
              };
              var failed = function () {
                var element = document.getElementById({{idJs}});
                if (element) { element.textContent = {{message}}; }
              };
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof window.requirejs === 'function' && typeof window.requirejs.config === 'function') {
                var requireInContext = window.requirejs.config({ context: 'generative-course-plotly', paths: { plotly: {{JsString(cdnWithoutExtension)}} } });
                requireInContext(['plotly'], draw, failed);
                return;
              }
              var loading = window.generativeCoursePlotly;
              if (!loading) {
                loading = window.generativeCoursePlotly = new Promise(function (resolve, reject) {
                  var script = document.createElement('script');
                  script.src = {{JsString(CdnUrl)}};
                  script.charset = 'utf-8';
                  script.onload = function () { if (window.Plotly) { resolve(window.Plotly); } else { reject(); } };
                  script.onerror = reject;
                  document.head.appendChild(script);
                });
                loading.catch(function () { window.generativeCoursePlotly = undefined; });
              }
              loading.then(draw, failed);
            })();
            """;
        return $"<div class=\"plotly-chart\"><div id=\"{idHtml}\"{styleAttribute}></div>" +
               $"<script type=\"text/javascript\">{EscapeForScript(script)}</script></div>";
    }

    // A JavaScript string literal. System.Text.Json escapes quotes, backslashes and the HTML-sensitive
    // characters < > & ', so the literal is also safe inside an HTML script element.
    private static string JsString(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // Text inside a script element must not contain "</script" (it would end the element early: a
    // trace named "</script>" would break the page) nor "<!--" (it changes how HTML parses the rest).
    // Our own script has neither, and in the JSON it embeds they can only occur inside strings, where
    // "<\/" and "<\!" mean the same characters to JavaScript.
    private static string EscapeForScript(string javascript) =>
        javascript.Replace("</", "<\\/", StringComparison.Ordinal).Replace("<!--", "<\\!--", StringComparison.Ordinal);

    // plotly.js itself is code, not just strings, so only the one sequence HTML cares about is touched
    // (plotly.js 2.28 contains none; this keeps a future version from breaking pages silently).
    private static string EscapeScriptEndTags(string javascript) =>
        Regex.Replace(javascript, "</(script)", "<\\/$1", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string ReadEmbeddedPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var expected = $"Plotly.NET.plotly-{PlotlyJsVersion}.min.js";
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n == expected)
            ?? assembly.GetManifestResourceNames().FirstOrDefault(n =>
                n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"Plotly.NET {assembly.GetName().Version} does not embed plotly.js as '{expected}'; " +
                $"its resources are: {string.Join(", ", assembly.GetManifestResourceNames())}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
