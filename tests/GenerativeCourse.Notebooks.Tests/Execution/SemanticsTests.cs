using System.Globalization;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>
/// The C# kernel's behaviour, end to end through the worker process, on Fixtures/Execution/semantics.ipynb
/// (one behaviour per cell). The notebook runs once for the whole class.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class SemanticsTests : IClassFixture<SemanticsTests.Executed>
{
    private readonly NotebookRunResult _result;
    private readonly ITestOutputHelper _output;

    public SemanticsTests(Executed executed, ITestOutputHelper output)
    {
        _result = executed.Result;
        _output = output;
    }

    [Fact]
    public void EveryCodeCellSucceeds() => Assert.True(_result.Succeeded, _result.ToString());

    [Fact]
    public void WorkerStartAndFirstCellAreMeasured()
    {
        var firstCell = _result.CellTimings[0].Timing.Duration;
        _output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"worker start {_result.WorkerStartup.TotalSeconds:0.00} s, first cell (Roslyn's first compile) {firstCell.TotalSeconds:0.00} s, " +
            $"later cells {_result.CellTimings.Skip(1).Sum(timing => timing.Timing.Duration.TotalSeconds):0.00} s in all, whole run {_result.Elapsed.TotalSeconds:0.00} s"));
        Assert.InRange(_result.WorkerStartup, TimeSpan.FromTicks(1), _result.Elapsed);
        Assert.InRange(firstCell, TimeSpan.FromTicks(1), _result.Elapsed);
    }

    [Fact]
    public void TrailingExpressionIsDisplayedAsPlainTextAndHtml()
    {
        var output = Assert.Single(Run.Cell(_result, "trailing").Outputs);
        Assert.Equal("42", Run.Text(output, "text/plain"));
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>42</pre></div>", Run.Text(output, "text/html"), StringComparison.Ordinal);
    }

    [Fact]
    public void DisplayDisplayExtensionAndHtmlEachAddAnOutput()
    {
        var outputs = Run.Cell(_result, "display").Outputs;
        Assert.Equal(["display: shown", "display: 42", "display: <b>bold</b>", "display: 7", "display: three"], outputs.Select(Run.Describe));
        Assert.Equal("<b>bold</b>", Run.Text(outputs[2], "text/html"));
        Assert.Equal(["text/plain"], ((DisplayDataOutput)outputs[3]).Data.MimeTypes);
    }

    [Fact]
    public void UpdateReplacesTheDisplayedValueInPlaceEvenFromALaterCell()
    {
        // display(1), then Update(2) in the same cell and Update("three") two cells on: one output, the last value.
        var shown = Run.Cell(_result, "display").Outputs[^1];
        Assert.Equal("three", Run.Text(shown, "text/plain"));
        Assert.Contains("three", Run.Text(shown, "text/html"), StringComparison.Ordinal);
        Assert.Empty(Run.Cell(_result, "update-later").Outputs);
    }

    [Fact]
    public void ConsoleTextKeepsItsOrderWithDisplays() =>
        Assert.Equal(
            ["stdout: ab\n", "display: between", "stderr: warning\n", "stdout: c\n"],
            Run.Describe(Run.Cell(_result, "console")));

    [Fact]
    public void VariableCanBeRedefinedWithAnotherType()
    {
        Assert.Equal(["display: 6"], Run.Describe(Run.Cell(_result, "redefine")));
        Assert.Equal(["stdout: twenty\n"], Run.Describe(Run.Cell(_result, "void-call")));
    }

    [Fact]
    public void StatementWithSemicolonOrWithoutValueDisplaysNothing()
    {
        Assert.Empty(Run.Cell(_result, "semicolon").Outputs);
        Assert.Empty(Run.Cell(_result, "no-value").Outputs);
        Assert.Equal(["display: 42"], Run.Describe(Run.Cell(_result, "after")));
    }

    [Fact]
    public void CodeCellsGetExecutionCountsInRunOrderAndOthersNone()
    {
        var counts = _result.Notebook!.Cells.Select(cell => (cell.Id, cell.ExecutionCount)).ToList();
        Assert.Equal(
            [("intro", null), ("trailing", 1), ("display", 2), ("console", 3), ("redefine", 4), ("void-call", 5), ("semicolon", 6),
             ("raw", null), ("magic-markdown", null), ("no-value", 7), ("after", 8), ("update-later", 9)],
            counts);
    }

    [Fact]
    public void CellsAndNotebookRecordTheirTiming()
    {
        var notebook = _result.Notebook!;
        Assert.NotNull(notebook.Timing);
        Assert.Equal(9, _result.CellTimings.Count);
        foreach (var timing in _result.CellTimings)
        {
            var cell = notebook.Cells[timing.CellIndex];
            Assert.Equal(timing.Timing, cell.Timing);
            Assert.True(timing.Timing.Start <= timing.Timing.End);
            Assert.InRange(timing.Timing.Start, notebook.Timing!.Start, notebook.Timing.End);
        }

        Assert.Null(Run.Cell(_result, "intro").Timing);
    }

    [Fact]
    public void ExecutedNotebookIsNoLongerCleanButCleansBackToTheFixture()
    {
        // A copy: the executed notebook is shared by the tests of this class.
        var notebook = Fixture.Parse(IpynbWriter.Serialize(_result.Notebook!), "semantics.ipynb");
        Assert.False(notebook.IsClean);
        notebook.Clean();
        Assert.Equal(Fixture.Text("Execution/semantics.ipynb"), IpynbWriter.Serialize(notebook));
    }

    /// <summary>The fixture, executed once for the tests of this class.</summary>
    public sealed class Executed : IAsyncLifetime
    {
        public NotebookRunResult Result { get; private set; } = null!;

        public async Task InitializeAsync() => Result = await Run.NotebookAsync(Fixture.PathOf("Execution/semantics.ipynb"));

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
