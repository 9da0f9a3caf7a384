using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// The script options of a notebook, as the C# kernel of .NET Interactive sets them up: its default imports, the
/// latest language version, the kernel's helpers (<see cref="NotebookGlobals"/>) in scope, and <c>#r</c> and
/// <c>#load</c> paths resolved against the notebook's folder.
/// </summary>
internal static class SessionOptions
{
    /// <summary>The C# kernel's default <c>using</c>s.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
    ];

    public static ScriptOptions Create(string notebookDirectory)
    {
        var references = FrameworkAssemblies()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Concat([
                MetadataReference.CreateFromFile(typeof(NotebookGlobals).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Formatter).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(IHtmlContent).Assembly.Location),
            ]);

        return ScriptOptions.Default
            .WithReferences(references)
            .WithImports(DefaultImports.Append(typeof(NotebookGlobals).FullName!))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithSourceResolver(new SourceFileResolver([], notebookDirectory))
            // Line numbers in the stack traces of exceptions thrown by cell code.
            .WithEmitDebugInformation(true);
    }

    // Every assembly of the shared framework, as a kernel offers them: a cell can use HttpClient or Regex without #r.
    // The runtime's trusted list names them (native libraries are not in it); reading the folder would be slower.
    private static IEnumerable<string> FrameworkAssemblies()
    {
        var directory = RuntimeEnvironment.GetRuntimeDirectory();
        return ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.StartsWith(directory, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }
}
