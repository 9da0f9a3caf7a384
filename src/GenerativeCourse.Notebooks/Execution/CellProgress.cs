namespace GenerativeCourse.Notebooks.Execution;

/// <summary>A code cell started or finished; reported through <see cref="NotebookRunOptions.Progress"/>.</summary>
/// <param name="Kind">Started or finished.</param>
/// <param name="CellIndex">Zero-based index of the cell among all of the notebook's cells.</param>
/// <param name="CellCount">How many cells the notebook has (Markdown included).</param>
/// <param name="FirstLine">The cell's first non-blank source line, trimmed.</param>
/// <param name="Elapsed">Time since the cell started (zero when it starts).</param>
/// <param name="Succeeded">Whether the cell succeeded; null when it starts.</param>
public sealed record CellProgress(CellProgressKind Kind, int CellIndex, int CellCount, string FirstLine, TimeSpan Elapsed, bool? Succeeded);

/// <summary>Which moment of a cell's run a <see cref="CellProgress"/> reports.</summary>
public enum CellProgressKind
{
    /// <summary>The cell was sent to the worker.</summary>
    Started,

    /// <summary>The cell's run is over: it succeeded, failed, timed out, was cancelled or its worker crashed.</summary>
    Finished,
}
