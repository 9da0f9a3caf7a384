namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// A small C# lexer that follows one line at a time, just far enough to know whether the next line starts inside a
/// block comment, a verbatim string (<c>@"…"</c>, <c>$@"…"</c>) or a raw string (<c>"""…"""</c>). A <c>#r</c> inside one
/// of those is text, not a directive.
/// </summary>
/// <remarks>
/// Limits, accepted because notebooks do not write such code: quotes inside the interpolation holes of a multi-line
/// interpolated verbatim or raw string are read as the string's own quotes (balanced quotes, the usual case, come
/// out right), and a regular interpolated string whose hole spans lines (C# 11) is taken to end at the line end.
/// </remarks>
internal static class LineScanner
{
    /// <summary>The state at the start of the next line, given the state at the start of <paramref name="line"/>.</summary>
    public static LexicalState Scan(string line, LexicalState state)
    {
        var i = 0;
        while (i < line.Length)
        {
            switch (state.Mode)
            {
                case LexicalMode.BlockComment:
                    var end = line.IndexOf("*/", i, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return state;
                    }

                    i = end + 2;
                    state = LexicalState.Code;
                    break;

                case LexicalMode.VerbatimString:
                    i = SkipVerbatimString(line, i, out var closed);
                    if (!closed)
                    {
                        return state;
                    }

                    state = LexicalState.Code;
                    break;

                case LexicalMode.RawString:
                    var close = line.IndexOf(new string('"', state.RawQuotes), i, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        return state;
                    }

                    i = SkipQuotes(line, close);
                    state = LexicalState.Code;
                    break;

                default:
                    (i, state) = ScanCode(line, i);
                    break;
            }
        }

        return state;
    }

    // Reads code up to the end of the line or the start of a construct that may continue on the next lines.
    private static (int Next, LexicalState State) ScanCode(string line, int i)
    {
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '/' && At(line, i + 1, '/'))
            {
                return (line.Length, LexicalState.Code);
            }

            if (c == '/' && At(line, i + 1, '*'))
            {
                return (i + 2, new LexicalState(LexicalMode.BlockComment));
            }

            if (c == '\'')
            {
                i = SkipQuoted(line, i + 1, '\'');
                continue;
            }

            if (c == '"')
            {
                var quotes = SkipQuotes(line, i) - i;
                if (quotes >= 3)
                {
                    return (i + quotes, new LexicalState(LexicalMode.RawString, quotes));
                }

                if (IsVerbatimPrefix(line, i))
                {
                    return (i + 1, new LexicalState(LexicalMode.VerbatimString));
                }

                // "" is an empty string; otherwise a regular string, which cannot span lines.
                i = quotes == 2 ? i + 2 : SkipQuoted(line, i + 1, '"');
                continue;
            }

            i++;
        }

        return (i, LexicalState.Code);
    }

    // @"…", $@"…" and @$"…" (with any number of $ for interpolation).
    private static bool IsVerbatimPrefix(string line, int quote)
    {
        for (var j = quote - 1; j >= 0 && (line[j] == '@' || line[j] == '$'); j--)
        {
            if (line[j] == '@')
            {
                return true;
            }
        }

        return false;
    }

    // In a verbatim string "" is an escaped quote; a lone " closes it.
    private static int SkipVerbatimString(string line, int i, out bool closed)
    {
        while (i < line.Length)
        {
            if (line[i] == '"')
            {
                if (At(line, i + 1, '"'))
                {
                    i += 2;
                    continue;
                }

                closed = true;
                return i + 1;
            }

            i++;
        }

        closed = false;
        return i;
    }

    // A regular string or character literal: backslash escapes, ends at its quote or at the line end.
    private static int SkipQuoted(string line, int i, char quote)
    {
        while (i < line.Length)
        {
            if (line[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (line[i] == quote)
            {
                return i + 1;
            }

            i++;
        }

        return line.Length;
    }

    private static int SkipQuotes(string line, int i)
    {
        while (i < line.Length && line[i] == '"')
        {
            i++;
        }

        return i;
    }

    private static bool At(string line, int i, char c) => i < line.Length && line[i] == c;
}
