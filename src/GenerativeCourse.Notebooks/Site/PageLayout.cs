using System.Text;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// The frame every page shares: the head with the stylesheets and scripts from <c>assets/</c> (relative addresses,
/// so the site works from <c>file://</c>), then the body. plotly.js loads first and synchronously, because chart
/// outputs call <c>window.Plotly</c> while the page is parsed; KaTeX and <c>site.js</c> are deferred and typeset the
/// math once the page is parsed.
/// </summary>
internal static class PageLayout
{
    public static string Page(string title, SiteOptions options, string body)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(SiteAssets.KatexStylesheet).Append("\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(SiteAssets.Stylesheet).Append("\">\n");
        if (options.Plotly is { } plotly)
        {
            html.Append("<script src=\"").Append(SiteAssets.Folder).Append('/').Append(HtmlText.Encode(plotly.FileName)).Append("\"></script>\n");
        }

        return html
            .Append("<script defer src=\"").Append(SiteAssets.KatexScript).Append("\"></script>\n")
            .Append("<script defer src=\"").Append(SiteAssets.KatexAutoRender).Append("\"></script>\n")
            .Append("<script defer src=\"").Append(SiteAssets.Script).Append("\"></script>\n")
            .Append("</head>\n<body>\n")
            .Append(body)
            .Append("</body>\n</html>\n")
            .ToString();
    }
}
