using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Decides which kernel runs a cell, with the rules Polyglot Notebooks applies, first match wins:
/// <list type="number">
/// <item>Markdown and raw cells: their <c>cell_type</c>.</item>
/// <item>A code cell whose first line is a kernel magic (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>, <c>#!fsharp</c>, …): that kernel; the line is not code.</item>
/// <item>The cell's <c>metadata.polyglot_notebook.kernelName</c>.</item>
/// <item>The cell's <c>metadata.dotnet_interactive.language</c>.</item>
/// <item>The notebook's <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c>.</item>
/// <item>The notebook's <c>metadata.kernelspec.name</c> without the <c>.net-</c> prefix (<c>.net-csharp</c> is <c>csharp</c>).</item>
/// <item>C#.</item>
/// </list>
/// Aliases (<c>csharp</c>, <c>c#</c>, <c>C#</c>, <c>cs</c>; <c>markdown</c>, <c>md</c>; and those the notebook lists in
/// <c>kernelInfo.items</c>) resolve to one canonical name.
/// </summary>
public static class KernelResolution
{
    public static CellKernel Resolve(Notebook notebook, int cellIndex)
    {
        var cell = notebook.Cells[cellIndex];
        if (cell.Kind != CellKind.Code)
        {
            var name = cell.Kind == CellKind.Markdown ? PolyglotMetadata.MarkdownKernelName : "raw";
            return new CellKernel(name, KernelSource.CellType, cell.Source, 0);
        }

        var names = new KernelNames(KernelInfo(notebook));
        var kernel = FromMagicLine(cell.Source, names) ?? FromMetadata(cell, notebook, names);
        if (kernel.IsCSharp || kernel.IsMarkdown)
        {
            return kernel;
        }

        return kernel with
        {
            Problem = NotebookProblem.InCell(
                notebook.FilePath,
                cellIndex,
                $"kernel \"{kernel.Name}\" is not supported (cell starting \"{cell.FirstLine}\", kernel from {Describe(kernel.Source)}); " +
                "the runner executes C# code cells only: write the cell in C# or make it a Markdown cell"),
        };
    }

    /// <summary>The kernel of code cells that say nothing themselves (rules 5 to 7).</summary>
    public static (string Name, KernelSource Source) NotebookDefault(Notebook notebook) =>
        NotebookDefault(notebook, new KernelNames(KernelInfo(notebook)));

    private static (string Name, KernelSource Source) NotebookDefault(Notebook notebook, KernelNames names)
    {
        if (JsonText.AsString(KernelInfo(notebook)?[PolyglotMetadata.DefaultKernelNameKey]) is { Length: > 0 } defaultKernel)
        {
            return (names.Canonical(defaultKernel), KernelSource.NotebookDefaultKernel);
        }

        if (JsonText.AsString((notebook.Metadata[PolyglotMetadata.KernelspecKey] as JsonObject)?["name"]) is { Length: > 0 } kernelspec)
        {
            var name = kernelspec.StartsWith(PolyglotMetadata.KernelspecPrefix, StringComparison.Ordinal)
                ? kernelspec[PolyglotMetadata.KernelspecPrefix.Length..]
                : kernelspec;
            return (names.Canonical(name), KernelSource.Kernelspec);
        }

        return (PolyglotMetadata.CSharpKernelName, KernelSource.Fallback);
    }

    /// <summary>True for every spelling of C#: <c>csharp</c>, <c>c#</c>, <c>C#</c>, <c>cs</c> (case ignored).</summary>
    public static bool IsCSharp(string kernelName) => KernelNames.IsCSharp(kernelName);

    private static CellKernel? FromMagicLine(string source, KernelNames names)
    {
        var newline = source.IndexOf('\n');
        var firstLine = (newline < 0 ? source : source[..newline]).Trim();
        if (!firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            return null;
        }

        var token = firstLine[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

        // Any other #! line (#!time, #!set, …) is a magic command for the kernel, left in the code.
        return names.TryResolve(token, out var name)
            ? new CellKernel(name, KernelSource.MagicCommand, newline < 0 ? "" : source[(newline + 1)..], 1)
            : null;
    }

    private static CellKernel FromMetadata(NotebookCell cell, Notebook notebook, KernelNames names)
    {
        if (JsonText.AsString((cell.Metadata[PolyglotMetadata.PolyglotKey] as JsonObject)?[PolyglotMetadata.KernelNameKey]) is { Length: > 0 } kernelName)
        {
            return new CellKernel(names.Canonical(kernelName), KernelSource.CellKernelName, cell.Source, 0);
        }

        if (JsonText.AsString((cell.Metadata[PolyglotMetadata.DotnetInteractiveKey] as JsonObject)?[PolyglotMetadata.LanguageKey]) is { Length: > 0 } language)
        {
            return new CellKernel(names.Canonical(language), KernelSource.CellLanguage, cell.Source, 0);
        }

        var (name, source) = NotebookDefault(notebook, names);
        return new CellKernel(name, source, cell.Source, 0);
    }

    // Metadata written by hand may have any shape: a key that is not an object counts as absent.
    private static JsonObject? KernelInfo(Notebook notebook) =>
        (notebook.Metadata[PolyglotMetadata.PolyglotKey] as JsonObject)?[PolyglotMetadata.KernelInfoKey] as JsonObject;

    private static string Describe(KernelSource source) => source switch
    {
        KernelSource.MagicCommand => "its first line",
        KernelSource.CellKernelName => "metadata.polyglot_notebook.kernelName",
        KernelSource.CellLanguage => "metadata.dotnet_interactive.language",
        KernelSource.NotebookDefaultKernel => "the notebook's polyglot_notebook.kernelInfo.defaultKernelName",
        KernelSource.Kernelspec => "the notebook's kernelspec",
        _ => "the default",
    };
}
