using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>A failing cell stops the notebook and says where and why (compilation errors, exceptions, crashes).</summary>
[Collection(WorkerCollection.Name)]
public sealed class FailureTests
{
    [Fact]
    public async Task RuntimeExceptionStopsTheNotebookAndNamesTheCell()
    {
        var result = await Run.NotebookAsync(Fixture.PathOf("Execution/failing.ipynb"));

        Assert.False(result.Succeeded);
        var failure = result.Failure!;
        Assert.Equal((1, "// Fails on purpose", "System.InvalidOperationException", "boom"), (failure.CellIndex, failure.FirstLine, failure.ErrorName, failure.Message));
        Assert.EndsWith("failing.ipynb", failure.NotebookPath, StringComparison.Ordinal);

        var error = Assert.IsType<ErrorOutput>(Assert.Single(Run.Cell(result, "throws").Outputs));
        Assert.Equal(["System.InvalidOperationException: boom", "   at Submission#1.<<Initialize>>d__0.MoveNext(), cell line 3"], error.Traceback);
        Assert.DoesNotContain(error.Traceback, line => line.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.Equal(2, Run.Cell(result, "throws").ExecutionCount);

        var never = Run.Cell(result, "never");
        Assert.Null(never.ExecutionCount);
        Assert.Empty(never.Outputs);
        Assert.Null(never.Timing);
        Assert.Equal(2, result.CellTimings.Count);
    }

    [Fact]
    public async Task VariablesAssignedBeforeAnExceptionPersist()
    {
        // Through the protocol, since the runner stops a notebook at its first failure.
        using var directory = new Fixture.TempDirectory();
        using var worker = WorkerProcess.Start(Path.Combine(AppContext.BaseDirectory, "gencourse-worker.dll"), directory.Path);
        var replies = new List<WorkerMessage>();
        foreach (var (cell, code) in new[] { (0, "var x = 1;"), (1, "x = 2;\nthrow new Exception(\"after the assignment\");"), (2, "x") })
        {
            await worker.SendAsync(new WorkerMessage(WorkerProtocol.Execute) { Cell = cell, Code = code }, CancellationToken.None);
            await foreach (var message in worker.Messages.ReadAllAsync())
            {
                replies.Add(message);
                if (message.Type == WorkerProtocol.Finished && message.Cell == cell)
                {
                    break;
                }
            }
        }

        Assert.Equal(
            ["ready", "started 0", "finished 0 True", "started 1", "error 1 System.Exception", "finished 1 False", "started 2", "display 2 2", "finished 2 True"],
            replies.Select(message => $"{message.Type} {message.Cell} {message.Succeeded} {message.Ename} {message.Data?["text/plain"]}".Trim().Replace("  ", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CompilationErrorsAreReportedAtCellRelativeLineAndColumn()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(
            directory,
            null,
            "var fine = 1;",
            "// second cell\nvar a = 1;\n\nvar b = undefinedName;\nint c = \"text\";");

        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Notebook!.Cells[1].Outputs));
        Assert.Equal("CompilationError", error.ErrorName);
        Assert.Equal(
            ["(4,9): error CS0103: The name 'undefinedName' does not exist in the current context",
             "(5,9): error CS0029: Cannot implicitly convert type 'string' to 'int'"],
            error.Traceback);
        Assert.Equal(string.Join('\n', error.Traceback), error.ErrorValue);
        Assert.Equal((1, "// second cell", "CompilationError"), (result.Failure!.CellIndex, result.Failure.FirstLine, result.Failure.ErrorName));
    }

    [Fact]
    public async Task WorkerCrashReportsExitCodeAndLastStandardErrorLines()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(
            directory,
            null,
            "Console.WriteLine(\"still here\");",
            "var stderr = new System.IO.StreamWriter(Console.OpenStandardError());\nstderr.WriteLine(\"last words\");\nstderr.Flush();\nEnvironment.Exit(3);");

        Assert.Equal(["stdout: still here\n"], Run.Describe(result.Notebook!.Cells[0]));
        var error = Assert.IsType<ErrorOutput>(result.Notebook.Cells[1].Outputs[^1]);
        Assert.Equal("WorkerCrashed", error.ErrorName);
        Assert.StartsWith("The notebook worker exited with code 3 while running cell 1", error.ErrorValue, StringComparison.Ordinal);
        Assert.Equal(["last words"], error.Traceback);
        Assert.Equal(1, result.Failure!.CellIndex);
    }

    [Fact]
    public async Task NonCSharpKernelCellFailsWithoutRunning()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(directory, null, "Console.WriteLine(1);", "#!fsharp\nprintfn \"no\"", "Console.WriteLine(3);");

        Assert.Equal("KernelNotSupported", result.Failure!.ErrorName);
        Assert.Contains("kernel \"fsharp\" is not supported", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Failure.CellIndex);
        Assert.Null(result.Notebook!.Cells[2].ExecutionCount);
    }
}
