namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>The kernel magic on a cell's first non-blank line, if any.</summary>
public enum KernelMagic
{
    /// <summary>No magic line: the cell's kernel comes from its metadata (see <c>KernelResolution</c>).</summary>
    None,

    /// <summary><c>#!csharp</c>, <c>#!c#</c>, <c>#!C#</c> or <c>#!cs</c>: the cell is C#.</summary>
    CSharp,

    /// <summary><c>#!markdown</c> (or <c>#!md</c>): the cell is Markdown text and is not executed.</summary>
    Markdown,
}
