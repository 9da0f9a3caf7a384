using System.Text;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Export;

/// <summary>
/// Exports a notebook to a .NET 10 file-based app: one <c>.cs</c> file that <c>dotnet run file.cs</c> builds and runs,
/// for readers who want the course's code without a notebook front end. This is <c>gencourse export</c>.
/// </summary>
/// <remarks>
/// The file is, in order: a header comment; <c>#:property</c> lines (framework, no AOT, nullable off as in the C#
/// kernel, no central package management, <c>AllowUnsafeBlocks</c> if a cell needs it, extra package sources from
/// <c>#i</c>); one <c>#:package Name@Version</c> per <c>#r "nuget:"</c> (<c>@*</c> when the notebook gives no version);
/// one <c>#:project</c> per <c>#r</c> of an assembly the repository builds (see <see cref="ProjectReferenceMapping"/>), a
/// comment for any other <c>#r</c>; the <c>using</c> directives of all cells; the cells in order, Markdown as <c>//</c>
/// comments and code rewritten by <see cref="CellTranslator"/>; the cells' type declarations; and a small class that
/// provides <c>display</c>, <c>HTML</c> and <c>Display()</c> (<see cref="DisplayHelperSource"/>).
/// </remarks>
public static class FileBasedAppExporter
{
    private const string FormattingPackage = "Microsoft.DotNet.Interactive.Formatting";

    /// <summary>
    /// Reads a notebook and writes it as an app: to <paramref name="outputPath"/>, or next to the notebook with the
    /// extension <c>.cs</c>. Returns the full path written, or every problem found (nothing is written then).
    /// </summary>
    public static DocumentResult<string> ExportFile(string notebookPath, string? outputPath = null)
    {
        var notebook = NotebookFile.Read(notebookPath);
        return notebook.Succeeded
            ? Write(notebook.Value, outputPath ?? Path.ChangeExtension(notebookPath, ".cs"))
            : DocumentResult<string>.Failure(notebook.Problems);
    }

    /// <summary>Writes the app's text atomically to <paramref name="outputPath"/>; returns the full path written, or the problems.</summary>
    public static DocumentResult<string> Write(Notebook notebook, string outputPath)
    {
        var text = ToText(notebook, outputPath);
        if (!text.Succeeded)
        {
            return text;
        }

        var target = Path.GetFullPath(outputPath);
        try
        {
            AtomicFile.WriteAllBytes(target, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.Value));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DocumentResult<string>.Failure(NotebookProblem.InFile(outputPath, $"cannot write the exported app: {e.Message}"));
        }

        return DocumentResult<string>.Success(target);
    }

    /// <summary>
    /// The app's text. <paramref name="outputPath"/> is where it will be written: <c>#:project</c> paths are relative to its
    /// folder. Relative <c>#r</c> paths are read from the notebook's folder (the current directory for a notebook made in memory).
    /// </summary>
    public static DocumentResult<string> ToText(Notebook notebook, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var appDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var notebookDirectory = notebook.FilePath is null
            ? Directory.GetCurrentDirectory()
            : Path.GetDirectoryName(Path.GetFullPath(notebook.FilePath))!;

        var problems = new List<NotebookProblem>();
        var packages = new PackageSet();
        var references = new List<string>();
        var projects = new List<string>();
        var translator = new CellTranslator();
        var body = new StringBuilder();
        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            var kernel = KernelResolution.Resolve(notebook, index);
            if (!kernel.IsSupported)
            {
                problems.Add(kernel.Problem!);
                continue;
            }

            if (!kernel.IsCSharp || cell.Kind != CellKind.Code)
            {
                AppendComment(body, kernel.Code);
                continue;
            }

            var directives = CellDirectives.Parse(cell.Source);
            if (!directives.Succeeded)
            {
                problems.AddRange(directives.Errors.Select(error => error.ToProblem(notebook.FilePath, index)));
                continue;
            }

            var update = packages.Add(directives.Value.Packages, directives.Value.PackageSources);
            problems.AddRange(update.Conflicts.Select(conflict => NotebookProblem.InCell(notebook.FilePath, index, conflict)));
            var code = WithoutReferenceLines(directives.Value, notebookDirectory, references, projects, problems, notebook.FilePath, index);
            var (statements, errors) = translator.Translate(code);
            problems.AddRange(errors.Select(error => NotebookProblem.InCell(notebook.FilePath, index, $"line {error.Line}: {error.Message}")));
            if (statements is not null && statements.Trim().Length > 0)
            {
                body.Append(statements.Trim('\r', '\n')).Append("\n\n");
            }
        }

        if (problems.Count > 0)
        {
            return DocumentResult<string>.Failure(problems);
        }

        var useFormatting = packages.Packages.Any(p => string.Equals(p.Name, FormattingPackage, StringComparison.OrdinalIgnoreCase))
            || projects.Any(project => File.ReadAllText(project).Contains(FormattingPackage, StringComparison.OrdinalIgnoreCase));
        var text = new StringBuilder();
        AppendHeader(text, notebook, outputPath);
        AppendDirectives(text, packages, projects.Distinct().Select(p => ProjectReferenceMapping.RelativeTo(appDirectory, p)), translator.UsesUnsafe);
        foreach (var reference in references)
        {
            text.Append("// ").Append(reference).Append('\n');
        }

        text.Append('\n');
        foreach (var directive in new[] { "using System.Collections;", "using System.Text;" }.Concat(translator.Usings).Distinct())
        {
            text.Append(directive).Append('\n');
        }

        text.Append("using static ").Append(DisplayHelperSource.ClassName).Append(";\n\n");
        text.Append(body);
        foreach (var type in translator.TypeDeclarations)
        {
            text.Append(type).Append("\n\n");
        }

        text.Append(DisplayHelperSource.Create(useFormatting));
        return DocumentResult<string>.Success(text.ToString());
    }

    // #r "x.dll" and #load have no equivalent among a program's statements: their lines are emptied, the assembly
    // becomes a #:project when the repository builds it and an explanatory comment otherwise.
    private static string WithoutReferenceLines(
        CellDirectives directives, string notebookDirectory, List<string> comments, List<string> projects, List<NotebookProblem> problems, string? file, int index)
    {
        var lines = directives.Code.Split('\n');
        foreach (var reference in directives.References)
        {
            lines[reference.Line - 1] = lines[reference.Line - 1].EndsWith('\r') ? "\r" : "";
            if (reference.Kind == ScriptReferenceKind.Script)
            {
                problems.Add(NotebookProblem.InCell(file, index,
                    $"line {reference.Line}: #load \"{reference.Path}\" cannot be exported: a file-based app is one file; paste the script's code into the cell"));
                continue;
            }

            var assembly = Path.GetFullPath(reference.Path, notebookDirectory);
            if (ProjectReferenceMapping.ProjectOf(assembly) is { } project)
            {
                projects.Add(project);
            }
            else
            {
                comments.Add($"The notebook loads the assembly \"{reference.Path}\" (#r), which a file-based app cannot reference; " +
                    "use #:project with the project that builds it, or #:package with its package.");
            }
        }

        return string.Join('\n', lines);
    }

    private static void AppendHeader(StringBuilder text, Notebook notebook, string outputPath)
    {
        var source = notebook.FilePath is null ? "a notebook" : Path.GetFileName(notebook.FilePath);
        text.Append("// Exported from ").Append(source).Append(" by gencourse export: the notebook's cells in order, Markdown as comments.\n")
            .Append("// Run it with: dotnet run ").Append(Path.GetFileName(outputPath)).Append('\n');
    }

    private static void AppendDirectives(StringBuilder text, PackageSet packages, IEnumerable<string> projects, bool usesUnsafe)
    {
        text.Append("#:property TargetFramework=").Append(PackageRestorerOptions.DefaultTargetFramework).Append('\n')
            .Append("#:property PublishAot=false\n")
            .Append("#:property Nullable=disable\n")
            .Append("#:property ManagePackageVersionsCentrally=false\n");
        if (usesUnsafe)
        {
            text.Append("#:property AllowUnsafeBlocks=true\n");
        }

        if (packages.Sources.Count > 0)
        {
            text.Append("#:property RestoreAdditionalProjectSources=").Append(string.Join(';', packages.Sources)).Append('\n');
        }

        foreach (var package in packages.Packages)
        {
            text.Append("#:package ").Append(package.Name).Append('@').Append(package.Version ?? "*").Append('\n');
        }

        foreach (var project in projects)
        {
            text.Append("#:project ").Append(project).Append('\n');
        }
    }

    private static void AppendComment(StringBuilder body, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        foreach (var line in lines)
        {
            body.Append(line.Length == 0 ? "//" : "// " + line.TrimEnd()).Append('\n');
        }

        body.Append('\n');
    }
}
