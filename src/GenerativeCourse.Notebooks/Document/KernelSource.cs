namespace GenerativeCourse.Notebooks.Document;

/// <summary>Which rule of <see cref="KernelResolution"/> decided a cell's kernel, first rule first.</summary>
public enum KernelSource
{
    /// <summary>A Markdown or raw cell: its <c>cell_type</c> decides.</summary>
    CellType,

    /// <summary>The code cell's first line is a kernel magic such as <c>#!csharp</c> or <c>#!markdown</c>.</summary>
    MagicCommand,

    /// <summary>The cell's <c>metadata.polyglot_notebook.kernelName</c>.</summary>
    CellKernelName,

    /// <summary>The cell's <c>metadata.dotnet_interactive.language</c> (older Polyglot versions).</summary>
    CellLanguage,

    /// <summary>The notebook's <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c>.</summary>
    NotebookDefaultKernel,

    /// <summary>The notebook's <c>metadata.kernelspec.name</c> without its <c>.net-</c> prefix.</summary>
    Kernelspec,

    /// <summary>Nothing said: C#, as Polyglot Notebooks assumes.</summary>
    Fallback,
}
