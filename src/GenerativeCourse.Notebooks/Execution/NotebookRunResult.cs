using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// What <see cref="NotebookRunner.RunAsync"/> did: the executed notebook (outputs, execution counts, timing
/// metadata), whether every cell succeeded, and if not, the first failure.
/// </summary>
public sealed record NotebookRunResult
{
    /// <summary>The executed notebook, ready for <see cref="IpynbWriter.WriteFile"/>; null only if it could not be read.</summary>
    public Notebook? Notebook { get; init; }

    /// <summary>The cell that failed and why; null when no cell failed.</summary>
    public NotebookRunFailure? Failure { get; init; }

    /// <summary>
    /// Why the notebook did not run at all: unreadable file, unknown profile, bad override, missing worker. Empty when
    /// it ran (whether or not a cell failed).
    /// </summary>
    public IReadOnlyList<NotebookProblem> Problems { get; init; } = [];

    /// <summary>True when the notebook ran and every code cell succeeded.</summary>
    public bool Succeeded => Problems.Count == 0 && Failure is null;

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>From starting the worker until it could take the first cell (process and runtime start).</summary>
    public TimeSpan WorkerStartup { get; init; }

    /// <summary>When each executed code cell started and ended, in run order.</summary>
    public IReadOnlyList<CellRunTiming> CellTimings { get; init; } = [];

    /// <summary>The failure or the problems, one per line, for a test message or the console; "ok" on success.</summary>
    public override string ToString() =>
        Problems.Count > 0 ? string.Join(Environment.NewLine, Problems) : Failure?.ToString() ?? "ok";
}

/// <summary>The cell that stopped a notebook, and its error.</summary>
/// <param name="NotebookPath">The notebook as the caller named it.</param>
/// <param name="CellIndex">Zero-based index among all of the notebook's cells.</param>
/// <param name="FirstLine">The cell's first non-blank source line, trimmed.</param>
/// <param name="ErrorName">The error output's <c>ename</c>: <c>CompilationError</c>, an exception type, <c>Timeout</c>, …</param>
/// <param name="Message">The error output's <c>evalue</c>.</param>
public sealed record NotebookRunFailure(string NotebookPath, int CellIndex, string FirstLine, string ErrorName, string Message)
{
    public override string ToString() => $"{NotebookPath}: cells[{CellIndex}] (\"{FirstLine}\"): {ErrorName}: {Message}";
}

/// <summary>When one code cell ran (as the worker measured it, UTC).</summary>
/// <param name="CellIndex">Zero-based index among all of the notebook's cells.</param>
/// <param name="ExecutionCount">The cell's execution count in this run (1, 2, …).</param>
/// <param name="Timing">Start and end.</param>
public sealed record CellRunTiming(int CellIndex, int ExecutionCount, ExecutionTiming Timing);
