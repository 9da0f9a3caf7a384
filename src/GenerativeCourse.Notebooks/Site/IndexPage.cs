using System.Text;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>The site's <c>index.html</c>: a table of the notebooks in order, each with its title (and file name), status and duration.</summary>
internal static class IndexPage
{
    public static string Render(IReadOnlyList<(SitePage Page, PageLink Link)> pages, SiteOptions options)
    {
        var passed = pages.Count(p => p.Page.Failure is null);
        var body = new StringBuilder()
            .Append("<main class=\"index\">\n<h1>").Append(HtmlText.Encode(options.Title)).Append("</h1>\n")
            .Append("<p class=\"run-summary\">").Append(passed).Append(" of ").Append(pages.Count).Append(" notebooks passed.</p>\n")
            .Append("<table class=\"notebooks\">\n<thead><tr><th>Notebook</th><th>Status</th><th>Duration</th></tr></thead>\n<tbody>\n");
        foreach (var (page, link) in pages)
        {
            body.Append("<tr><td><a href=\"").Append(HtmlText.Encode(link.FileName)).Append("\">").Append(HtmlText.Encode(link.Title)).Append("</a>")
                .Append(" <span class=\"file\">").Append(HtmlText.Encode(page.Name)).Append("</span></td>")
                .Append("<td class=\"").Append(RunFacts.StatusClass(page)).Append("\">").Append(HtmlText.Encode(RunFacts.Status(page))).Append("</td>")
                .Append("<td class=\"duration\">").Append(RunFacts.Duration(page.EffectiveDuration)).Append("</td></tr>\n");
        }

        body.Append("</tbody>\n</table>\n</main>\n");
        // The index draws no charts, so it does not load plotly.js.
        return PageLayout.Page(options.Title, options with { Plotly = null }, body.ToString());
    }
}
