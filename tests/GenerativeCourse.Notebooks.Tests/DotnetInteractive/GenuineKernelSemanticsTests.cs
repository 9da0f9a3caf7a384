using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Tests.Execution;

namespace GenerativeCourse.Notebooks.Tests.DotnetInteractive;

/// <summary>
/// The runner in the genuine kernel reports cells as it does in the course's worker: console text, values, the failing
/// cell with its exception, and what running on after an error means there (README, "Behaviour differences").
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class GenuineKernelSemanticsTests
{
    private static NotebookRunOptions Genuine => new() { DotnetInteractivePath = GenuineKernel.Executable, CellTimeout = TimeSpan.FromMinutes(2) };

    [GenuineKernelFact]
    public async Task ConsoleTextAndTheTrailingExpressionAreTheCellsOutputs()
    {
        using var directory = new Fixture.TempDirectory();

        var result = await Run.CellsAsync(directory, Genuine, "Console.WriteLine(\"hi\");", "var x = 40;", "x + 2");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["stdout: hi\n"], Run.Describe(result.Notebook!.Cells[0]));
        Assert.Empty(result.Notebook.Cells[1].Outputs);
        // Over stdio the kernel formats a value as text/html only (its plain-text formatter's <pre> inside a div).
        Assert.Contains("<pre>42</pre>", Run.Text(Assert.Single(result.Notebook.Cells[2].Outputs), "text/html"), StringComparison.Ordinal);
    }

    [GenuineKernelFact]
    public async Task TheFirstFailingCellStopsTheNotebookAndIsNamed()
    {
        var result = await Run.NotebookAsync(Fixture.PathOf("Execution/failing.ipynb"), Genuine);

        var failure = result.Failure!;
        Assert.Equal((1, "// Fails on purpose", "System.InvalidOperationException", "boom"), (failure.CellIndex, failure.FirstLine, failure.ErrorName, failure.Message));
        Assert.Null(Run.Cell(result, "never").ExecutionCount);
    }

    [GenuineKernelFact]
    public async Task WithAllowErrorsTheKernelRunsOnAfterTheFailure()
    {
        var result = await Run.NotebookAsync(Fixture.PathOf("Execution/failing.ipynb"), Genuine with { AllowErrors = true });

        Assert.Equal(1, result.Failure!.CellIndex);
        Assert.Equal(["stdout: never runs\n"], Run.Describe(Run.Cell(result, "never")));
    }

    [GenuineKernelFact]
    public async Task ACompilationErrorNamesTheLineAndColumn()
    {
        using var directory = new Fixture.TempDirectory();

        var result = await Run.CellsAsync(directory, Genuine, "int x = \"s\";");

        Assert.Equal("CompilationError", result.Failure!.ErrorName);
        Assert.Contains("(1,9): error CS0029", result.Failure.Message, StringComparison.Ordinal);
    }
}
