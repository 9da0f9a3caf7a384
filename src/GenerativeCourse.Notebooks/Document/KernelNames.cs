using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Kernel names and their aliases as Polyglot Notebooks knows them: the built-in kernels (<c>csharp</c> alias
/// <c>c#</c>/<c>cs</c>, <c>fsharp</c>, <c>pwsh</c>, …, and <c>markdown</c> alias <c>md</c>) plus the kernels a notebook
/// lists in <c>kernelInfo.items</c>. Matching ignores case, so <c>C#</c> and <c>CSharp</c> are C# too.
/// </summary>
internal sealed class KernelNames
{
    private static readonly Dictionary<string, string> _builtIn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = PolyglotMetadata.CSharpKernelName,
        ["c#"] = PolyglotMetadata.CSharpKernelName,
        ["cs"] = PolyglotMetadata.CSharpKernelName,
        ["fsharp"] = "fsharp",
        ["f#"] = "fsharp",
        ["fs"] = "fsharp",
        ["pwsh"] = "pwsh",
        ["powershell"] = "pwsh",
        ["javascript"] = "javascript",
        ["js"] = "javascript",
        ["html"] = "html",
        ["sql"] = "sql",
        ["kql"] = "kql",
        ["mermaid"] = "mermaid",
        ["http"] = "http",
        ["value"] = "value",
        ["markdown"] = PolyglotMetadata.MarkdownKernelName,
        ["md"] = PolyglotMetadata.MarkdownKernelName,
    };

    private readonly Dictionary<string, string> _names;

    /// <param name="kernelInfo">A Polyglot <c>kernelInfo</c> object (<c>{ "defaultKernelName": …, "items": [{ "name": …, "aliases": [...] }] }</c>), or null.</param>
    public KernelNames(JsonObject? kernelInfo)
    {
        _names = new Dictionary<string, string>(_builtIn, StringComparer.OrdinalIgnoreCase);
        if (kernelInfo?["items"] is not JsonArray items)
        {
            return;
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            if (JsonText.AsString(item["name"]) is not { Length: > 0 } name)
            {
                continue;
            }

            var canonical = _builtIn.GetValueOrDefault(name, name);
            _names.TryAdd(name, canonical);
            foreach (var alias in (item["aliases"] as JsonArray ?? []).Select(JsonText.AsString).OfType<string>())
            {
                _names.TryAdd(alias, canonical);
            }
        }
    }

    public static bool IsCSharp(string kernelName) => _builtIn.GetValueOrDefault(kernelName.Trim()) == PolyglotMetadata.CSharpKernelName;

    /// <summary>The kernel a name or alias stands for; false if no known kernel has it (then it is likely a magic command).</summary>
    public bool TryResolve(string nameOrAlias, [NotNullWhen(true)] out string? kernelName) =>
        _names.TryGetValue(nameOrAlias.Trim(), out kernelName);

    /// <summary>The kernel a name stands for, or the name itself (trimmed) if it is not known.</summary>
    public string Canonical(string nameOrAlias) => TryResolve(nameOrAlias, out var name) ? name : nameOrAlias.Trim();
}
