using GenerativeCourse.Cli.Commands;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Runs;

namespace GenerativeCourse.Notebooks.Tests.Cli;

public sealed class RunReportTests
{
    private static readonly NotebookOutcome _passed = new("a.ipynb", "a", new NotebookRunResult { Notebook = Notebook.CreateCSharp() });

    private static readonly NotebookOutcome _failed = new("b.ipynb", "b", new NotebookRunResult
    {
        Notebook = Notebook.CreateCSharp(),
        Failure = new NotebookRunFailure("b.ipynb", 4, "var x = Train();", "InvalidOperationException", "loss is NaN"),
    });

    private static readonly NotebookOutcome _notRun = new("c.ipynb", "c", new NotebookRunResult
    {
        Problems = [new NotebookProblem("has no profile \"quick\"") { File = "c.ipynb" }],
    });

    [Fact]
    public void ExitCodeIsZeroOnlyWhenEveryNotebookPassed()
    {
        Assert.Equal(0, RunReport.ExitCode(new CourseRunResult { Outcomes = [_passed, _passed] }));
        Assert.Equal(1, RunReport.ExitCode(new CourseRunResult { Outcomes = [_passed, _failed] }));
        Assert.Equal(2, RunReport.ExitCode(new CourseRunResult { Outcomes = [_failed, _notRun] }));
        Assert.Equal(1, RunReport.ExitCode(new CourseRunResult { Outcomes = [_passed], SiteProblem = new NotebookProblem("disk full") }));
        Assert.Equal(1, RunReport.ExitCode(new CourseRunResult { Outcomes = [_passed with { WriteProblem = new NotebookProblem("disk full") }] }));
    }

    [Fact]
    public void FailureNamesTheNotebookCellFirstLineAndError()
    {
        Assert.Equal("failed at cell 4", RunReport.Status(_failed));
        Assert.Equal("b.ipynb: cells[4] (\"var x = Train();\"): InvalidOperationException: loss is NaN", RunReport.Detail(_failed));
        Assert.Equal("did not run", RunReport.Status(_notRun));
        Assert.Equal("c.ipynb: has no profile \"quick\"", RunReport.Detail(_notRun));
        Assert.Equal("passed", RunReport.Status(_passed));
    }
}
