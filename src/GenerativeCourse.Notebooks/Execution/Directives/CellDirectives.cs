namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// What a code cell asks of the runner besides its C# code: its kernel magic, the NuGet packages and sources to restore
/// before it runs, and the assembly and script files Roslyn will load. <see cref="Parse"/> makes one from the cell's
/// source; it is pure text work (no restore, no compiler).
/// </summary>
/// <remarks>
/// Rules, as the .NET Interactive C# kernel applies them:
/// <list type="bullet">
/// <item>Directives count only at the start of a line (leading whitespace allowed) that is not inside a block comment,
/// a verbatim string or a raw string; <c>#r</c> in a string or after a <c>//</c> is text.</item>
/// <item><c>#r "nuget: …"</c> and <c>#i "nuget: …"</c> are hoisted: their lines become empty lines in <see cref="Code"/>, so
/// every other line keeps its number and compiler diagnostics point at the cell's own lines.</item>
/// <item><c>#r "path.dll"</c> and <c>#load "file.csx"</c> stay in <see cref="Code"/> for Roslyn and are listed in <see cref="References"/>.</item>
/// <item>A kernel magic (<c>#!csharp</c>, <c>#!c#</c>, <c>#!cs</c>, <c>#!markdown</c>) counts on the first non-blank line
/// only, and becomes an empty line too. Any other <c>#!</c> line (another kernel, or a magic command such as <c>#!time</c>)
/// is an error, so the cell fails before any of it runs.</item>
/// </list>
/// Limits: conditional compilation is not evaluated (a <c>#r "nuget:"</c> inside <c>#if false</c> still counts), and the
/// string and comment tracking has the limits listed on <see cref="LineScanner"/>.
/// </remarks>
public sealed class CellDirectives
{
    internal CellDirectives(
        KernelMagic kernel,
        string code,
        IReadOnlyList<PackageRequest> packages,
        IReadOnlyList<string> packageSources,
        IReadOnlyList<ScriptReference> references)
    {
        Kernel = kernel;
        Code = code;
        Packages = packages;
        PackageSources = packageSources;
        References = references;
    }

    /// <summary>The kernel magic on the first non-blank line, or <see cref="KernelMagic.None"/>.</summary>
    public KernelMagic Kernel { get; }

    /// <summary>True when the cell starts with <c>#!markdown</c>: it is text, not code, and is not executed.</summary>
    public bool IsMarkdown => Kernel == KernelMagic.Markdown;

    /// <summary>
    /// The code for Roslyn: the cell's source with the magic line and hoisted directives replaced by empty lines
    /// (line ends kept), so line N of the code is line N of the cell. Empty for a Markdown cell.
    /// </summary>
    public string Code { get; }

    /// <summary>The <c>#r "nuget: …"</c> requests in order of appearance, each once.</summary>
    public IReadOnlyList<PackageRequest> Packages { get; }

    /// <summary>The sources of <c>#i "nuget: …"</c> (URLs or folders) in order of appearance, each once.</summary>
    public IReadOnlyList<string> PackageSources { get; }

    /// <summary>The <c>#r "path.dll"</c> and <c>#load "file.csx"</c> lines, left in <see cref="Code"/>.</summary>
    public IReadOnlyList<ScriptReference> References { get; }

    /// <summary>Reads the directives of one cell. Never throws for bad input: errors come back in the result.</summary>
    public static DirectivesResult Parse(string cellSource)
    {
        ArgumentNullException.ThrowIfNull(cellSource);
        return new DirectiveParser(cellSource).Parse();
    }
}
