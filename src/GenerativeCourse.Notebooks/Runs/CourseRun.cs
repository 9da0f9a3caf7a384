using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>
/// Runs a list of notebooks one after the other with <see cref="NotebookRunner"/> (each in its own worker), saves
/// each executed notebook to <c>&lt;out&gt;/course/&lt;name&gt;.ipynb</c>, and then writes the HTML site of all of them to
/// <c>&lt;out&gt;/site/</c> with <see cref="StaticSite"/>. What <c>gencourse run</c> does once it has parsed its arguments.
/// </summary>
/// <remarks>
/// The site shows every notebook in the course folder in name order: those run now, and executed copies left there
/// by earlier runs (so <c>gencourse run notebooks/03-vae.ipynb</c> updates one page and keeps the others).
/// Every notebook is read before any runs, so a malformed file is reported at once rather than after the others
/// trained for minutes. A failing notebook does not stop the ones after it: the site shows every notebook's state.
/// Cancellation stops the running notebook (as a failed cell) and skips the rest; the site is still written.
/// </remarks>
public static class CourseRun
{
    public static async Task<CourseRunResult> RunAsync(
        IReadOnlyList<string> notebookPaths, CourseRunOptions options, ICourseRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebookPaths);
        ArgumentNullException.ThrowIfNull(options);
        var unreadable = notebookPaths.SelectMany(path => NotebookFile.Read(path).Problems).ToList();
        if (unreadable.Count > 0)
        {
            return new CourseRunResult { Problems = unreadable };
        }

        var names = UniqueNames(notebookPaths);
        var outcomes = new List<NotebookOutcome>();
        for (var i = 0; i < notebookPaths.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            observer?.NotebookStarting(notebookPaths[i], i + 1, notebookPaths.Count);
            var runOptions = options.Run with { Progress = observer is null ? null : new CellRelay(observer) };
            var result = await NotebookRunner.RunAsync(notebookPaths[i], runOptions, cancellationToken);
            var outcome = SaveExecuted(new NotebookOutcome(notebookPaths[i], names[i], result), options.CourseDirectory);
            outcomes.Add(outcome);
            observer?.NotebookFinished(outcome);
        }

        var (site, siteProblem) = WriteSite(outcomes, options);
        return new CourseRunResult { Outcomes = outcomes, Site = site, SiteProblem = siteProblem };
    }

    private static NotebookOutcome SaveExecuted(NotebookOutcome outcome, string courseDirectory)
    {
        if (outcome.DidNotRun || outcome.Result.Notebook is not { } notebook)
        {
            return outcome;
        }

        var path = Path.Combine(courseDirectory, outcome.Name + ".ipynb");
        try
        {
            Directory.CreateDirectory(courseDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return outcome with { WriteProblem = NotebookProblem.InFile(courseDirectory, $"cannot create the folder of executed notebooks: {e.Message}") };
        }

        return IpynbWriter.WriteFile(notebook, path) is { } problem
            ? outcome with { WriteProblem = problem }
            : outcome with { ExecutedPath = path };
    }

    private static (WrittenSite? Site, NotebookProblem? Problem) WriteSite(IReadOnlyList<NotebookOutcome> outcomes, CourseRunOptions options)
    {
        var pages = outcomes
            .Where(outcome => outcome.Result.Notebook is not null)
            .Select(outcome => new SitePage(outcome.Name, outcome.Result.Notebook!)
            {
                Failure = SiteFailureOf(outcome.Result),
                Duration = outcome.Result.Elapsed,
            })
            .Concat(EarlierRuns(options.CourseDirectory, outcomes.Select(outcome => outcome.Name)))
            .OrderBy(page => page.Name, StringComparer.Ordinal)
            .ToList();
        try
        {
            return (StaticSite.Write(options.SiteDirectory, pages, options.Site), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, NotebookProblem.InFile(options.SiteDirectory, $"cannot write the HTML site: {e.Message} (any previous site is unchanged)"));
        }
    }

    // Running one notebook must not drop the others from the site: executed copies that earlier runs left in the
    // course folder (and that read) keep their pages, with the status their outputs show.
    private static IEnumerable<SitePage> EarlierRuns(string courseDirectory, IEnumerable<string> namesRunNow)
    {
        if (!Directory.Exists(courseDirectory))
        {
            return [];
        }

        var runNow = namesRunNow.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Directory.EnumerateFiles(courseDirectory, "*.ipynb")
            .Where(path => !runNow.Contains(Path.GetFileNameWithoutExtension(path)))
            .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Read: NotebookFile.Read(path)))
            .Where(earlier => earlier.Read.Succeeded)
            .Select(earlier => SitePage.FromExecutedNotebook(earlier.Name, earlier.Read.Value!))
            .ToList();
    }

    private static SiteFailure? SiteFailureOf(NotebookRunResult result)
    {
        if (result.Problems.Count > 0)
        {
            return new SiteFailure(null, "did not run: " + string.Join("; ", result.Problems.Select(problem => problem.Message)));
        }

        return result.Failure is { } failure ? new SiteFailure(failure.CellIndex, $"{failure.ErrorName}: {failure.Message}") : null;
    }

    // 03-vae, and 03-vae-2 for a second notebook of that name from another folder, so no executed copy overwrites another.
    private static List<string> UniqueNames(IReadOnlyList<string> paths)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var path in paths)
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            var name = stem;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{stem}-{n}";
            }

            names.Add(name);
        }

        return names;
    }

    // Reports synchronously: Progress<T> would post to the thread pool and could reorder the lines.
    private sealed class CellRelay(ICourseRunObserver observer) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => observer.CellProgress(value);
    }
}
