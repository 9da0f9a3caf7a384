using System.Text;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>Escapes text for HTML element content and quoted attribute values.</summary>
internal static class HtmlText
{
    /// <summary>
    /// Replaces the five characters that HTML gives a meaning (<c>&amp; &lt; &gt; &quot; &#39;</c>) and nothing else,
    /// so non-ASCII text such as <c>σ²</c> stays readable in the page source.
    /// </summary>
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? c.ToString());
        }

        return encoded.ToString();
    }
}
