namespace GenerativeCourse.Notebooks.Document;

/// <summary>The three cell types of nbformat 4 (<c>cell_type</c>).</summary>
public enum CellKind
{
    /// <summary><c>"code"</c>: source for a kernel, with outputs and an execution count.</summary>
    Code,

    /// <summary><c>"markdown"</c>: Markdown text with LaTeX.</summary>
    Markdown,

    /// <summary><c>"raw"</c>: text passed through unrendered.</summary>
    Raw,
}
