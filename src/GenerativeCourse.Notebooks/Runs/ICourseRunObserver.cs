using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>
/// Told what <see cref="CourseRun"/> is doing, in order and on the calling flow (no thread hops), so a console can
/// print one line per cell as it happens.
/// </summary>
public interface ICourseRunObserver
{
    /// <summary>Notebook <paramref name="number"/> of <paramref name="count"/> (one-based) is about to run.</summary>
    void NotebookStarting(string path, int number, int count);

    /// <summary>A code cell of the running notebook started or finished.</summary>
    void CellProgress(CellProgress progress);

    /// <summary>The notebook's run is over and its executed copy written (or not: see <see cref="NotebookOutcome.WriteProblem"/>).</summary>
    void NotebookFinished(NotebookOutcome outcome);
}
