using System.Text;
using System.Text.RegularExpressions;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// One cell output as HTML. A MIME bundle shows its richest representation, in the order
/// <c>text/html</c> (inserted as it is: that is how Plotly charts and image grids draw), <c>image/svg+xml</c>,
/// <c>image/png</c>, <c>image/jpeg</c> (as <c>data:</c> images), then <c>text/plain</c>; console text and
/// errors are escaped, with terminal colour codes removed.
/// </summary>
internal static partial class OutputHtml
{
    public static string Render(CellOutput output) => output switch
    {
        StreamOutput stream => Stream(stream),
        RichOutput rich => Bundle(rich.Data),
        ErrorOutput error => Error(error),
        _ => "",
    };

    private static string Stream(StreamOutput stream)
    {
        var kind = stream.Name == StreamOutput.StandardError ? "stderr" : "stdout";
        return $"<pre class=\"output stream {kind}\">{HtmlText.Encode(AnsiCodes.Strip(stream.Text))}</pre>";
    }

    private static string Bundle(MimeBundle data)
    {
        if (data.TryGetText("text/html", out var html))
        {
            return $"<div class=\"output html\">{html}</div>";
        }

        if (data.TryGetText("image/svg+xml", out var svg))
        {
            return $"<div class=\"output image\">{svg}</div>";
        }

        foreach (var image in (string[])["image/png", "image/jpeg"])
        {
            if (data.TryGetText(image, out var base64))
            {
                // Jupyter may wrap base64 across lines; a data: address must not contain white space.
                var compact = Whitespace().Replace(base64, "");
                return $"<div class=\"output image\"><img src=\"data:{image};base64,{HtmlText.Encode(compact)}\" alt=\"output image\"></div>";
            }
        }

        if (data.TryGetText("text/plain", out var plain))
        {
            return $"<pre class=\"output text\">{HtmlText.Encode(AnsiCodes.Strip(plain))}</pre>";
        }

        var types = string.Join(", ", data.MimeTypes);
        return $"<p class=\"output unsupported\">An output of type {HtmlText.Encode(types.Length > 0 ? types : "(none)")} that this page cannot show.</p>";
    }

    private static string Error(ErrorOutput error)
    {
        var html = new StringBuilder("<div class=\"output error\"><pre class=\"error-message\">")
            .Append("<span class=\"error-name\">").Append(HtmlText.Encode(error.ErrorName)).Append("</span>: ")
            .Append(HtmlText.Encode(AnsiCodes.Strip(error.ErrorValue))).Append("</pre>");
        if (error.Traceback.Count > 0)
        {
            var traceback = string.Join("\n", error.Traceback.Select(AnsiCodes.Strip));
            html.Append("<pre class=\"traceback\">").Append(HtmlText.Encode(traceback)).Append("</pre>");
        }

        return html.Append("</div>").ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
