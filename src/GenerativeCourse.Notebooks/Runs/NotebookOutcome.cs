using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>How one notebook of a <see cref="CourseRun"/> went.</summary>
/// <param name="Path">The notebook as the user named it (or as found in a folder).</param>
/// <param name="Name">Its file name without extension (<c>03-vae</c>): it names the executed copy and the page.</param>
/// <param name="Result">The runner's result.</param>
public sealed record NotebookOutcome(string Path, string Name, NotebookRunResult Result)
{
    /// <summary>Where the executed copy was written; null if it was not (the notebook did not run, or writing failed).</summary>
    public string? ExecutedPath { get; init; }

    /// <summary>Why the executed copy could not be written, if so.</summary>
    public NotebookProblem? WriteProblem { get; init; }

    /// <summary>How many code cells ran (the failing one included).</summary>
    public int CellsRun => Result.CellTimings.Count;

    /// <summary>The notebook could not run at all (unreadable, unknown profile, bad override, no worker).</summary>
    public bool DidNotRun => Result.Problems.Count > 0;
}
