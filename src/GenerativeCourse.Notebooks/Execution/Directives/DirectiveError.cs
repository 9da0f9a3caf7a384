using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// A directive or magic line the runner cannot honour. Any such error fails the whole cell before any of it runs.
/// </summary>
/// <param name="Line">One-based line in the cell (the cell's own numbering, as the notebook editor shows it).</param>
/// <param name="Message">What is wrong and what is supported instead.</param>
public sealed record DirectiveError(int Line, string Message)
{
    /// <summary>For example <c>line 3: magic command "#!time" is not supported; …</c>.</summary>
    public override string ToString() => $"line {Line}: {Message}";

    /// <summary>The error as a problem of one cell of a notebook file, keeping the cell-relative line in the message.</summary>
    public NotebookProblem ToProblem(string? file, int cellIndex) => new(ToString()) { File = file, CellIndex = cellIndex };
}
