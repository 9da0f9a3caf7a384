using System.Diagnostics;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.DotnetInteractive;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// Executes a notebook headless, the way Polyglot Notebooks runs it in VS Code: the code cells in order, as
/// submissions of one C# script state in a worker process of its own (<c>gencourse-worker</c>), stopping at the first
/// cell that fails (papermill and nbclient do the same). Markdown and raw cells are skipped.
/// </summary>
/// <remarks>
/// The run works on a copy read from disk and never writes it back; save <see cref="NotebookRunResult.Notebook"/>
/// with <see cref="IpynbWriter.WriteFile"/>. Each executed cell gets an execution count (1, 2, … in run order), its
/// outputs and its timing (<see cref="NotebookCell.Timing"/>); the notebook gets the run's timing. A cell over its
/// timeout, a notebook over its timeout, cancellation and a crash of the worker each stop the worker (with every
/// process it started) and become an <c>error</c> output of the cell that was running.
/// </remarks>
public static class NotebookRunner
{
    private static readonly TimeSpan _exitGrace = TimeSpan.FromSeconds(10);

    /// <summary>Runs the notebook at <paramref name="notebookPath"/> (<c>.ipynb</c> or <c>.dib</c>).</summary>
    /// <returns>The executed notebook and how the run went; problems that prevent a run are values, not exceptions.</returns>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var runStart = DateTimeOffset.UtcNow;
        var read = NotebookFile.Read(notebookPath);
        if (!read.Succeeded)
        {
            return new NotebookRunResult { Problems = read.Problems, Elapsed = clock.Elapsed };
        }

        var notebook = read.Value;
        var prepared = Prepare(notebook, options);
        if (prepared.Count > 0)
        {
            return new NotebookRunResult { Notebook = notebook, Problems = prepared, Elapsed = clock.Elapsed };
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var (start, missing) = KernelStart(directory, options);
        if (missing is not null)
        {
            return new NotebookRunResult { Notebook = notebook, Problems = [NotebookProblem.InFile(notebookPath, missing)], Elapsed = clock.Elapsed };
        }

        using var limits = new RunLimits(options.NotebookTimeout, cancellationToken);
        using var worker = start!();
        var startup = await WaitUntilReadyAsync(worker, limits);
        if (startup.Problem is { } startProblem)
        {
            return new NotebookRunResult { Notebook = notebook, Problems = [NotebookProblem.InFile(notebookPath, startProblem)], Elapsed = clock.Elapsed };
        }

        var timings = new List<CellRunTiming>();
        var displays = new DisplayedOutputs();
        NotebookRunFailure? failure = null;
        var stopped = false;
        for (var index = 0; index < notebook.Cells.Count && !stopped; index++)
        {
            var cell = notebook.Cells[index];
            var kernel = KernelResolution.Resolve(notebook, index);
            if (cell.Kind != CellKind.Code || kernel.IsMarkdown)
            {
                continue;
            }

            cell.ExecutionCount = timings.Count + 1;
            var run = new CellRun(worker, notebook, index, options, limits, displays);
            // The genuine kernel judges its own magics; the course's worker refuses those it does not have, before running.
            var error = kernel.Problem is { } problem && options.DotnetInteractivePath is null
                ? run.Reject(new ErrorOutput("KernelNotSupported", problem.Message, []))
                : await run.ExecuteAsync();
            timings.Add(new CellRunTiming(index, cell.ExecutionCount.Value, cell.Timing!));
            if (error is not null)
            {
                failure ??= new NotebookRunFailure(notebookPath, index, cell.FirstLine, error.ErrorName, error.ErrorValue);
                stopped = !options.AllowErrors || CellRun.StopsKernel(error);
            }
        }

        worker.CloseInputIfRunning();
        await worker.WaitForExitAsync(_exitGrace);
        notebook.Timing = new ExecutionTiming(runStart, DateTimeOffset.UtcNow);
        return new NotebookRunResult
        {
            Notebook = notebook,
            Failure = failure,
            Elapsed = clock.Elapsed,
            WorkerStartup = startup.Elapsed,
            CellTimings = timings,
        };
    }

    // How to start the kernel the options ask for, or why it cannot start.
    private static (Func<WorkerProcess>? Start, string? Problem) KernelStart(string directory, NotebookRunOptions options)
    {
        if (options.DotnetInteractivePath is { } tool)
        {
            return File.Exists(tool)
                ? (() => DotnetInteractiveTool.Start(tool, directory, options.Environment), null)
                : (null, $"cannot run in the genuine .NET Interactive kernel: {tool} does not exist; install it with " +
                         $"'dotnet tool install {DotnetInteractiveTool.PackageId} --version {DotnetInteractiveTool.Version} --tool-path <folder>'");
        }

        var workerPath = Path.GetFullPath(options.WorkerPath ?? WorkerLocation.DefaultWorkerPath);
        return File.Exists(workerPath)
            ? (() => WorkerProcess.Start(workerPath, directory, options.Environment), null)
            : (null, $"cannot run: the notebook worker {workerPath} does not exist; build src/GenerativeCourse.Notebooks.Worker " +
                     "(a project reference to it puts gencourse-worker.dll beside the application) or pass its path");
    }

    // Parameters (profile first, then overrides), and a clean slate: no outputs or counts from an earlier run.
    private static List<NotebookProblem> Prepare(Notebook notebook, NotebookRunOptions options)
    {
        var profileName = options.Profile ?? Profiles.Default;
        var profile = Parameters.SelectProfile(notebook, profileName);
        if (!profile.Succeeded)
        {
            return [.. profile.Problems];
        }

        IReadOnlyList<ParameterOverride> fromProfile = profile.Value.Overrides;
        if (profileName != Profiles.Default || options.Overrides.Count > 0)
        {
            var injected = Parameters.Inject(notebook, Parameters.Combine(fromProfile, options.Overrides), profileName);
            if (!injected.Succeeded)
            {
                return [.. injected.Problems];
            }
        }

        foreach (var cell in notebook.Cells)
        {
            cell.ClearExecution();
        }

        notebook.Timing = null;
        return [];
    }

    private static async Task<(TimeSpan Elapsed, string? Problem)> WaitUntilReadyAsync(WorkerProcess worker, RunLimits limits)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (await worker.Messages.WaitToReadAsync(limits.Token))
            {
                if (worker.Messages.TryRead(out var message) && message.Type == WorkerProtocol.Ready)
                {
                    return (clock.Elapsed, null);
                }
            }
        }
        catch (OperationCanceledException)
        {
            worker.Kill();
            return (clock.Elapsed, $"the notebook worker did not start: {limits.Describe(clock.Elapsed)}");
        }

        var (exitCode, stderr) = await worker.WaitForExitAsync(_exitGrace);
        return (clock.Elapsed, $"the notebook worker exited with code {exitCode} before it was ready: {string.Join(Environment.NewLine, stderr)}");
    }
}
