using System.Diagnostics;
using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Timeouts and cancellation stop a runaway cell for real: the worker process is killed.</summary>
[Collection(WorkerCollection.Name)]
public sealed class LimitsTests
{
    private const string Runaway = "while (true) { }";

    [Fact]
    public async Task CellTimeoutKillsTheWorkerAndReportsTheCell()
    {
        using var directory = new Fixture.TempDirectory();
        var clock = Stopwatch.StartNew();
        var result = await Run.CellsAsync(directory, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(5) }, Runaway, "var never = true;");

        // Worker start (about 1 s on 2 cores) + the 5 s limit + killing; 30 s leaves room for a loaded machine.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        Assert.Equal(("CellTimeout", "Cell 0 timed out after 5 s", 0), (result.Failure!.ErrorName, result.Failure.Message, result.Failure.CellIndex));
        var cell = result.Notebook!.Cells[0];
        Assert.Equal("error: CellTimeout: Cell 0 timed out after 5 s", Run.Describe(cell.Outputs[^1]));
        AssertNoWorkerIn(directory);
        Assert.Null(result.Notebook.Cells[1].ExecutionCount);
        Assert.True(cell.Timing!.Duration >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task NotebookTimeoutStopsTheRunningCell()
    {
        using var directory = new Fixture.TempDirectory();
        // The notebook's time includes the worker's start and the first compile (seconds on a loaded 2-core machine).
        var result = await Run.CellsAsync(directory, new NotebookRunOptions { NotebookTimeout = TimeSpan.FromSeconds(12) }, Runaway);

        Assert.Equal(("NotebookTimeout", "Cell 0 was stopped: the notebook timed out after 12 s"), (result.Failure!.ErrorName, result.Failure.Message));
        AssertNoWorkerIn(directory);
    }

    [Fact]
    public async Task CancellationStopsTheRunningCellAndReturnsThePartialNotebook()
    {
        using var directory = new Fixture.TempDirectory();
        var path = Run.Write(directory, "var first = 1;", Runaway);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelWhenStarted(1, cancellation, () => WorkersIn(directory).Count);

        var result = await Run.NotebookAsync(path, new NotebookRunOptions { Progress = progress }, cancellation.Token);

        Assert.Equal(("Cancelled", "Cell 1 was cancelled", 1), (result.Failure!.ErrorName, result.Failure.Message, result.Failure.CellIndex));
        Assert.Equal(1, result.Notebook!.Cells[0].ExecutionCount);
        Assert.Equal(1, progress.WorkersWhileRunning); // the check below does see a running worker
        AssertNoWorkerIn(directory);
    }

    // The worker is the process whose working directory is the notebook's folder (Linux: /proc/<pid>/cwd). Checking
    // by folder, not by a process id the cell prints, works even when the limit struck before the cell printed anything.
    private static void AssertNoWorkerIn(Fixture.TempDirectory directory) => Assert.Empty(WorkersIn(directory));

    private static List<string> WorkersIn(Fixture.TempDirectory directory) =>
        Process.GetProcesses()
            .Where(process => WorkingDirectory(process.Id) == directory.Path)
            .Select(process => $"{process.Id} {process.ProcessName}")
            .ToList();

    private static string? WorkingDirectory(int processId)
    {
        try
        {
            return new FileInfo($"/proc/{processId}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Cancels two seconds after the cell started: a synchronous IProgress, called on the runner's thread.
    private sealed class CancelWhenStarted(int cellIndex, CancellationTokenSource cancellation, Func<int> countWorkers) : IProgress<CellProgress>
    {
        /// <summary>How many workers ran in the notebook's folder when the cell started.</summary>
        public int WorkersWhileRunning { get; private set; }

        public void Report(CellProgress value)
        {
            if (value.Kind == CellProgressKind.Started && value.CellIndex == cellIndex)
            {
                WorkersWhileRunning = countWorkers();
                cancellation.CancelAfter(TimeSpan.FromSeconds(2));
            }
        }
    }
}
