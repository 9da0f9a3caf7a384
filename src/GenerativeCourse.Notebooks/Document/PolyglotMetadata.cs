using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The metadata Polyglot Notebooks (VS Code) writes into .ipynb files, so that notebooks created here open there
/// with the C# kernel. Notebook level: <c>kernelspec</c> (<c>.net-csharp</c>), <c>language_info</c> and
/// <c>polyglot_notebook.kernelInfo</c> (default kernel and known kernels). Code cell level:
/// <c>dotnet_interactive.language</c> (older extension versions) and <c>polyglot_notebook.kernelName</c> (newer ones).
/// How these decide a cell's kernel is in <see cref="KernelResolution"/>.
/// </summary>
public static class PolyglotMetadata
{
    public const string CSharpKernelName = "csharp";
    public const string MarkdownKernelName = "markdown";

    /// <summary>Prefix of the .NET Interactive kernelspec names (<c>.net-csharp</c>, <c>.net-fsharp</c>, <c>.net-pwsh</c>).</summary>
    public const string KernelspecPrefix = ".net-";

    internal const string PolyglotKey = "polyglot_notebook";
    internal const string DotnetInteractiveKey = "dotnet_interactive";
    internal const string KernelspecKey = "kernelspec";
    internal const string KernelInfoKey = "kernelInfo";
    internal const string DefaultKernelNameKey = "defaultKernelName";
    internal const string KernelNameKey = "kernelName";
    internal const string LanguageKey = "language";

    /// <summary>Notebook metadata of a new C# Polyglot notebook.</summary>
    public static JsonObject CreateNotebookMetadata() => new()
    {
        [KernelspecKey] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = KernelspecPrefix + CSharpKernelName,
        },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        [PolyglotKey] = new JsonObject
        {
            [KernelInfoKey] = new JsonObject
            {
                [DefaultKernelNameKey] = CSharpKernelName,
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = CSharpKernelName }),
            },
        },
    };

    /// <summary>Metadata of a new code cell for a kernel, in both the old and the new Polyglot form.</summary>
    public static JsonObject CreateCodeCellMetadata(string kernelName) => new()
    {
        [DotnetInteractiveKey] = new JsonObject { [LanguageKey] = kernelName },
        [PolyglotKey] = new JsonObject { [KernelNameKey] = kernelName },
    };
}
