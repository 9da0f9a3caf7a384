using System.Globalization;
using Microsoft.CodeAnalysis;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>Builds the Jupyter error of a cell from compiler diagnostics or from an exception.</summary>
internal static class SubmissionErrors
{
    public const string CompilationError = "CompilationError";

    // Submissions have debug information but no file, so their frames read "in :line 2".
    private const string CellFrameLine = " in :line ";

    // Frames of the machinery that ran the cell: Roslyn's submission driver, this worker, async plumbing.
    private static readonly string[] _hiddenFramePrefixes =
    [
        "at Microsoft.CodeAnalysis.",
        "at GenerativeCourse.Notebooks.Worker.",
        "at System.Runtime.CompilerServices.",
        "at System.Runtime.ExceptionServices.",
        "at System.Threading.ExecutionContext.",
    ];

    /// <summary>
    /// Every error diagnostic as <c>(line,column): error CS0103: message</c>, line and column one-based and relative
    /// to the cell (directive lines are blanked, not removed, so numbers still match the cell's text).
    /// </summary>
    public static CellError FromDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .Select(Describe)
            .ToList();
        return new CellError(CompilationError, string.Join('\n', lines), lines);
    }

    /// <summary>
    /// The exception's type as the error name, its message, and its stack without the worker's frames. Frames in cell
    /// code end with their cell-relative line (<c>at Submission#3.F(), cell line 2</c>).
    /// </summary>
    public static CellError FromException(Exception exception)
    {
        var traceback = exception.ToString()
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => !IsHidden(line.TrimStart()))
            .Select(line => line.Replace(CellFrameLine, ", cell line ", StringComparison.Ordinal))
            .ToList();
        return new CellError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, traceback);
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"({position.Line + 1},{position.Character + 1}): {severity} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
    }

    private static bool IsHidden(string line) =>
        line.StartsWith("--- End of stack trace from previous location", StringComparison.Ordinal) ||
        _hiddenFramePrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal));
}
