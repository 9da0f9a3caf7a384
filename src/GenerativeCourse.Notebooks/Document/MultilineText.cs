using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// nbformat's multi-line strings: on disk a string or a list of lines (joined with no separator);
/// in memory always one string. We write the list form, each line keeping its <c>\n</c> except the last.
/// </summary>
internal static class MultilineText
{
    /// <summary>Joins a string or a list of strings; null if the node is neither.</summary>
    public static string? TryJoin(JsonNode? node)
    {
        switch (node?.GetValueKind())
        {
            case JsonValueKind.String:
                return node.GetValue<string>();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var line in node.AsArray())
                {
                    if (line?.GetValueKind() != JsonValueKind.String)
                    {
                        return null;
                    }

                    text.Append(line.GetValue<string>());
                }

                return text.ToString();
            default:
                return null;
        }
    }

    /// <summary>
    /// Splits after every <c>\n</c>. Only <c>\n</c> ends a line (a <c>\r</c> stays inside its line), so
    /// joining the pieces gives back the text exactly; the empty text has no lines.
    /// </summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }
}
