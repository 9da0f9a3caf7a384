using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// One notebook of the site: the executed notebook and how its run went. <see cref="StaticSite"/> turns it into a page
/// and a row of the index.
/// </summary>
/// <param name="Name">The notebook's name without extension (<c>03-vae</c>); the page is <c>03-vae.html</c>.</param>
/// <param name="Notebook">The notebook with its outputs, as the runner left it.</param>
public sealed record SitePage(string Name, Notebook Notebook)
{
    /// <summary>Why the run stopped, or null when every cell ran.</summary>
    public SiteFailure? Failure { get; init; }

    /// <summary>How long the run took; when null, the notebook's own timing (<see cref="Notebook.Timing"/>) if it has one.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// A page for a notebook saved by an earlier run, its status read from the notebook itself: failed at the first
    /// code cell with an <c>error</c> output (the runner stops there), else passed; duration from its run timing.
    /// </summary>
    public static SitePage FromExecutedNotebook(string name, Notebook notebook)
    {
        var failed = notebook.Cells.FindIndex(cell => cell.Kind == CellKind.Code && cell.Outputs.OfType<ErrorOutput>().Any());
        var error = failed >= 0 ? notebook.Cells[failed].Outputs.OfType<ErrorOutput>().First() : null;
        return new SitePage(name, notebook)
        {
            Failure = error is null ? null : new SiteFailure(failed, $"{error.ErrorName}: {error.ErrorValue}"),
        };
    }

    /// <summary>The text of the notebook's first <c># heading</c>, else <see cref="Name"/>.</summary>
    public string Title =>
        Notebook.Cells
            .Where(cell => cell.Kind == CellKind.Markdown)
            .Select(cell => MarkdownHtml.FirstTitle(cell.Source))
            .FirstOrDefault(title => title is not null)
        ?? Name;

    /// <summary>The run's duration as given, else as recorded in the notebook, else null.</summary>
    public TimeSpan? EffectiveDuration => Duration ?? Notebook.Timing?.Duration;
}
