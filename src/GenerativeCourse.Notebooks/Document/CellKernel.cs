namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The kernel a cell belongs to and the code to give it, as decided by <see cref="KernelResolution"/>.
/// </summary>
/// <param name="Name">The canonical kernel name: <c>csharp</c>, <c>markdown</c>, <c>raw</c>, or another kernel's name as written (<c>fsharp</c>).</param>
/// <param name="Source">Which rule decided.</param>
/// <param name="Code">The cell's source without a leading kernel magic line.</param>
/// <param name="CodeLineOffset">How many lines of the cell precede <paramref name="Code"/> (1 after a magic line), to map diagnostics back to the cell.</param>
public sealed record CellKernel(string Name, KernelSource Source, string Code, int CodeLineOffset)
{
    public bool IsCSharp => Name == PolyglotMetadata.CSharpKernelName;

    public bool IsMarkdown => Name == PolyglotMetadata.MarkdownKernelName;

    /// <summary>
    /// Set for a code cell whose kernel the runner cannot execute (anything but C# and Markdown): names the file,
    /// the cell and the kernel. The runner reports it as the cell's error instead of executing the cell.
    /// </summary>
    public NotebookProblem? Problem { get; init; }

    public bool IsSupported => Problem is null;
}
