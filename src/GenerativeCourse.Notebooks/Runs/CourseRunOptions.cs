using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>How <see cref="CourseRun"/> runs a set of notebooks and where it puts what they produce.</summary>
public sealed record CourseRunOptions
{
    /// <summary>The folder of the products: <c>course/&lt;name&gt;.ipynb</c> (executed copies) and <c>site/</c>.</summary>
    public string OutputDirectory { get; init; } = "artifacts";

    /// <summary>Profile, overrides and timeouts for every notebook (its <see cref="NotebookRunOptions.Progress"/> is set per notebook).</summary>
    public NotebookRunOptions Run { get; init; } = new();

    /// <summary>Title and plotly.js of the HTML site.</summary>
    public SiteOptions Site { get; init; } = new();

    /// <summary>The folder of the executed notebooks: <c>&lt;out&gt;/course</c>.</summary>
    public string CourseDirectory => Path.Combine(OutputDirectory, "course");

    /// <summary>The folder of the HTML site: <c>&lt;out&gt;/site</c>.</summary>
    public string SiteDirectory => Path.Combine(OutputDirectory, "site");
}
