using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>How <see cref="NotebookRunner"/> runs a notebook. Every property has a default that runs it as written.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>
    /// The profile to run (<see cref="Profiles"/>: <c>quick</c>, <c>default</c>, <c>full</c>); null is
    /// <see cref="Profiles.Default"/>, the notebook as written. Any other name is a problem of the run.
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>Overrides applied after the profile's, so they win (<c>-p epochs=1</c>).</summary>
    public IReadOnlyList<ParameterOverride> Overrides { get; init; } = [];

    /// <summary>The longest one cell may run; null for no limit. A cell over it is stopped and fails the notebook.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>The longest the whole notebook may run, worker start included; null for no limit.</summary>
    public TimeSpan? NotebookTimeout { get; init; }

    /// <summary>Told when each code cell starts and finishes.</summary>
    public IProgress<CellProgress>? Progress { get; init; }

    /// <summary>
    /// Variables to set in the worker's environment (a null value removes one), for example <c>XDG_CACHE_HOME</c> to
    /// give the worker's package restores another cache folder. The worker otherwise inherits this process's environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Go on after a failing cell, as nbclient's <c>allow_errors</c> and the genuine kernel do: every code cell runs,
    /// <see cref="NotebookRunResult.Failure"/> names the first that failed. A stopped kernel (a timeout, cancellation, a
    /// crash) still ends the run. False (the default): the first failing cell stops the notebook, as papermill does.
    /// </summary>
    public bool AllowErrors { get; init; }

    /// <summary>
    /// The genuine .NET Interactive kernel to run the notebook in (the <c>dotnet-interactive</c> executable of tool
    /// 1.0.712001, see <see cref="DotnetInteractive.DotnetInteractiveTool"/>), spoken to over its stdio protocol as VS Code
    /// does; null (the default) for the course's own Roslyn worker.
    /// </summary>
    public string? DotnetInteractivePath { get; init; }

    /// <summary>
    /// The worker's <c>gencourse-worker.dll</c>; null for the one beside the running application
    /// (<see cref="AppContext.BaseDirectory"/>), where a project reference to the worker project puts it.
    /// </summary>
    public string? WorkerPath { get; init; }
}
