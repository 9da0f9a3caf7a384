namespace GenerativeCourse.Notebooks.Worker;

/// <summary>Why a cell failed, in the shape of a Jupyter <c>error</c> output.</summary>
/// <param name="Name">Jupyter's <c>ename</c>: <c>CompilationError</c>, <c>DirectiveError</c> or the exception's type.</param>
/// <param name="Message">Jupyter's <c>evalue</c>.</param>
/// <param name="Traceback">Diagnostics or stack frames, one entry each.</param>
internal sealed record CellError(string Name, string Message, IReadOnlyList<string> Traceback);
