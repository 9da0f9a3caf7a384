using System.Diagnostics;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Timeouts and cancellation stop a runaway cell for real: the worker process is killed.</summary>
[Collection(WorkerCollection.Name)]
public sealed class LimitsTests
{
    // The looping cell prints its process id first, so the test can check that the process is gone.
    private const string Runaway = "Console.WriteLine(Environment.ProcessId);\nwhile (true) { }";

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
        AssertExited(cell);
        Assert.Null(result.Notebook.Cells[1].ExecutionCount);
        Assert.True(cell.Timing!.Duration >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task NotebookTimeoutStopsTheRunningCell()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(directory, new NotebookRunOptions { NotebookTimeout = TimeSpan.FromSeconds(8) }, Runaway);

        Assert.Equal(("NotebookTimeout", "Cell 0 was stopped: the notebook timed out after 8 s"), (result.Failure!.ErrorName, result.Failure.Message));
        AssertExited(result.Notebook!.Cells[0]);
    }

    [Fact]
    public async Task CancellationStopsTheRunningCellAndReturnsThePartialNotebook()
    {
        using var directory = new Fixture.TempDirectory();
        var path = Run.Write(directory, "var first = 1;", Runaway);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelWhenStarted(1, cancellation);

        var result = await Run.NotebookAsync(path, new NotebookRunOptions { Progress = progress }, cancellation.Token);

        Assert.Equal(("Cancelled", "Cell 1 was cancelled", 1), (result.Failure!.ErrorName, result.Failure.Message, result.Failure.CellIndex));
        Assert.Equal(1, result.Notebook!.Cells[0].ExecutionCount);
        AssertExited(result.Notebook.Cells[1]);
    }

    private static void AssertExited(NotebookCell cell)
    {
        var stdout = Assert.IsType<StreamOutput>(cell.Outputs[0]);
        var processId = int.Parse(stdout.Text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(processId));
    }

    // Cancels once the cell has printed its process id: a synchronous IProgress, called on the runner's thread.
    private sealed class CancelWhenStarted(int cellIndex, CancellationTokenSource cancellation) : IProgress<CellProgress>
    {
        public void Report(CellProgress value)
        {
            if (value.Kind == CellProgressKind.Started && value.CellIndex == cellIndex)
            {
                cancellation.CancelAfter(TimeSpan.FromSeconds(2));
            }
        }
    }
}
