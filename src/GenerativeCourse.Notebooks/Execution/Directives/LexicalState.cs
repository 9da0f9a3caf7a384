namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// Where the C# lexer is at the start of a line, as far as directives care: a line can hold a directive only when it
/// starts in <see cref="LexicalMode.Code"/>. Only constructs that can span lines need a mode: block comments,
/// verbatim strings and raw strings.
/// </summary>
/// <param name="Mode">The construct the line starts inside.</param>
/// <param name="RawQuotes">For a raw string, how many quotes close it (three or more).</param>
internal readonly record struct LexicalState(LexicalMode Mode, int RawQuotes = 0)
{
    public static LexicalState Code => new(LexicalMode.Code);
}

internal enum LexicalMode
{
    Code,
    BlockComment,
    VerbatimString,
    RawString,
}
