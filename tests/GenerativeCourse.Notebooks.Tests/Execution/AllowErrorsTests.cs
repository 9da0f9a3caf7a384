using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary><see cref="NotebookRunOptions.AllowErrors"/>: every cell runs after a failure, which is still reported.</summary>
[Collection(WorkerCollection.Name)]
public sealed class AllowErrorsTests
{
    [Fact]
    public async Task WithAllowErrorsTheCellsAfterAFailureRunAndTheFirstFailureIsReported()
    {
        var result = await Run.NotebookAsync(Fixture.PathOf("Execution/failing.ipynb"), new NotebookRunOptions { AllowErrors = true });

        Assert.False(result.Succeeded);
        Assert.Equal((1, "System.InvalidOperationException"), (result.Failure!.CellIndex, result.Failure.ErrorName));
        var never = Run.Cell(result, "never");
        Assert.Equal(3, never.ExecutionCount);
        Assert.Equal(["stdout: never runs\n"], Run.Describe(never));
        Assert.Equal(3, result.CellTimings.Count);
    }

    [Fact]
    public async Task AllowErrorsStillStopsAtACellTimeoutBecauseTheKernelIsGone()
    {
        using var directory = new Fixture.TempDirectory();
        var options = new NotebookRunOptions { AllowErrors = true, CellTimeout = TimeSpan.FromSeconds(5) };

        var result = await Run.CellsAsync(directory, options, "System.Threading.Thread.Sleep(60_000);", "Console.WriteLine(\"after\");");

        Assert.Equal((0, "CellTimeout"), (result.Failure!.CellIndex, result.Failure.ErrorName));
        Assert.Null(result.Notebook!.Cells[1].ExecutionCount);
    }
}
