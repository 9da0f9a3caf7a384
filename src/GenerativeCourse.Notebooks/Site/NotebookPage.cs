using System.Text;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// The page of one executed notebook: navigation (contents, previous, next), the run's status, then every cell —
/// Markdown rendered, code with its execution count and outputs. Cells are <c>section</c>s with the id
/// <c>cell-&lt;index&gt;</c> (zero-based, as problems and failures name cells), so a failure links to its cell.
/// </summary>
internal static class NotebookPage
{
    public static string Render(SitePage page, PageLink? previous, PageLink? next, SiteOptions options)
    {
        var title = page.Title;
        var body = new StringBuilder();
        var navigation = Navigation(previous, next);
        body.Append(navigation)
            .Append("<main class=\"notebook\">\n")
            .Append(RunStatus(page));
        for (var i = 0; i < page.Notebook.Cells.Count; i++)
        {
            body.Append(Cell(page.Notebook.Cells[i], i, page.Failure?.CellIndex == i));
        }

        body.Append("</main>\n").Append(navigation);
        return PageLayout.Page($"{title} · {options.Title}", options, body.ToString());
    }

    internal static string Cell(NotebookCell cell, int index, bool failed)
    {
        var id = $"cell-{index}";
        switch (cell.Kind)
        {
            case CellKind.Markdown:
                return $"<section class=\"cell markdown\" id=\"{id}\">\n{MarkdownHtml.ToHtml(cell.Source)}</section>\n";
            case CellKind.Raw:
                return $"<section class=\"cell raw\" id=\"{id}\"><pre>{HtmlText.Encode(cell.Source)}</pre></section>\n";
        }

        var classes = "cell code" +
            (cell.HasTag(Parameters.InjectedParametersTag) ? " injected-parameters" : "") +
            (failed ? " failed" : "");
        var count = cell.ExecutionCount is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : " ";
        var html = new StringBuilder()
            .Append("<section class=\"").Append(classes).Append("\" id=\"").Append(id).Append("\">\n")
            .Append("<div class=\"prompt\">[").Append(count).Append("]</div>\n")
            .Append("<pre class=\"source\"><code class=\"language-csharp\">").Append(HtmlText.Encode(cell.Source)).Append("</code></pre>\n");
        if (cell.Outputs.Count > 0)
        {
            html.Append("<div class=\"outputs\">\n");
            foreach (var output in cell.Outputs)
            {
                html.Append(OutputHtml.Render(output)).Append('\n');
            }

            html.Append("</div>\n");
        }

        return html.Append("</section>\n").ToString();
    }

    private static string RunStatus(SitePage page)
    {
        var duration = RunFacts.Duration(page.EffectiveDuration);
        if (page.Failure is not { } failure)
        {
            return $"<p class=\"run-status passed\">Every cell ran ({duration}).</p>\n";
        }

        var where = failure.CellIndex is int cell
            ? $"<a href=\"#cell-{cell}\">{HtmlText.Encode(failure.Summary)}</a>"
            : HtmlText.Encode(failure.Summary);
        return $"<p class=\"run-status failed\">This run {where} ({duration}): {HtmlText.Encode(failure.Message)}</p>\n";
    }

    private static string Navigation(PageLink? previous, PageLink? next)
    {
        var html = new StringBuilder("<nav class=\"pager\">")
            .Append("<a class=\"contents\" href=\"").Append(PageLink.IndexFileName).Append("\">Contents</a>");
        if (previous is not null)
        {
            html.Append("<a class=\"previous\" rel=\"prev\" href=\"").Append(HtmlText.Encode(previous.FileName)).Append("\">← ")
                .Append(HtmlText.Encode(previous.Title)).Append("</a>");
        }

        if (next is not null)
        {
            html.Append("<a class=\"next\" rel=\"next\" href=\"").Append(HtmlText.Encode(next.FileName)).Append("\">")
                .Append(HtmlText.Encode(next.Title)).Append(" →</a>");
        }

        return html.Append("</nav>\n").ToString();
    }
}
