using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>What <see cref="CourseRun.RunAsync"/> did.</summary>
public sealed record CourseRunResult
{
    /// <summary>Problems found before anything ran (a notebook that does not read); when any, nothing ran.</summary>
    public IReadOnlyList<NotebookProblem> Problems { get; init; } = [];

    /// <summary>One outcome per notebook, in run order.</summary>
    public IReadOnlyList<NotebookOutcome> Outcomes { get; init; } = [];

    /// <summary>The HTML site, when it was written.</summary>
    public WrittenSite? Site { get; init; }

    /// <summary>Why the site could not be written, if so.</summary>
    public NotebookProblem? SiteProblem { get; init; }

    /// <summary>Every notebook ran, every cell succeeded, and every product was written.</summary>
    public bool Succeeded =>
        Problems.Count == 0 && SiteProblem is null &&
        Outcomes.All(outcome => outcome.Result.Succeeded && outcome.WriteProblem is null);
}
