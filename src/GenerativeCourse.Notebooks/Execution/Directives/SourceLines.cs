namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>Splits source text into lines that keep their line ends (<c>\n</c>, <c>\r\n</c> or none on the last), so joining them gives the text back.</summary>
internal static class SourceLines
{
    public static List<(string Text, string End)> Split(string source)
    {
        var lines = new List<(string, string)>();
        var start = 0;
        while (start < source.Length)
        {
            var newline = source.IndexOf('\n', start);
            if (newline < 0)
            {
                lines.Add((source[start..], ""));
                break;
            }

            var textEnd = newline > start && source[newline - 1] == '\r' ? newline - 1 : newline;
            lines.Add((source[start..textEnd], source[textEnd..(newline + 1)]));
            start = newline + 1;
        }

        return lines;
    }
}
