namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>Which Roslyn directive a <see cref="ScriptReference"/> came from.</summary>
public enum ScriptReferenceKind
{
    /// <summary><c>#r "path.dll"</c>: an assembly file.</summary>
    Assembly,

    /// <summary><c>#load "file.csx"</c>: a script file compiled into the submission.</summary>
    Script,
}

/// <summary>
/// A <c>#r "path.dll"</c> or <c>#load "file.csx"</c> line. These stay in the code for Roslyn to handle; they are
/// reported so the worker can give Roslyn a resolver that reads relative paths from the notebook's folder.
/// </summary>
/// <param name="Kind">Which directive.</param>
/// <param name="Path">The path exactly as written between the quotes (relative or absolute).</param>
/// <param name="Line">One-based line of the directive in the cell.</param>
public sealed record ScriptReference(ScriptReferenceKind Kind, string Path, int Line);
