using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Parameters reach the cells (profile, then overrides); a run that cannot start says why, as a value.</summary>
[Collection(WorkerCollection.Name)]
public sealed class ParametersAndProblemsTests
{
    private static readonly string _parameters = Fixture.PathOf("Execution/parameters.ipynb");

    [Fact]
    public async Task WithoutProfileOrOverridesTheNotebookRunsAsWritten()
    {
        var result = await Run.NotebookAsync(_parameters);

        Assert.Equal(["display: default 30 full run 0.5"], Run.Describe(Run.Cell(result, "use")));
        Assert.Equal(-1, result.Notebook!.IndexOfTag(Parameters.InjectedParametersTag));
    }

    [Fact]
    public async Task ProfileValuesApplyAndCommandLineOverridesWin()
    {
        var options = new NotebookRunOptions
        {
            Profile = "quick",
            Overrides = [Fixture.Succeed(ParameterOverride.Parse("runName=\"from -p\"")), Fixture.Succeed(ParameterOverride.Parse("rate=0.25"))],
        };

        var result = await Run.NotebookAsync(_parameters, options);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["display: quick 1 from -p 0.25"], Run.Describe(Run.Cell(result, "use")));
        var injected = result.Notebook!.Cells[1];
        Assert.True(injected.HasTag(Parameters.InjectedParametersTag));
        Assert.Equal("// Injected parameters (profile \"quick\")\nprofile = \"quick\";\nepochs = 1;\nrunName = \"from -p\";\nrate = 0.25;", injected.Source);
        Assert.Equal([1, 2, 3], result.Notebook.Cells.Select(cell => cell.ExecutionCount ?? 0));
    }

    [Fact]
    public async Task TheDefaultProfileIsTheNotebookAsWritten()
    {
        var result = await Run.NotebookAsync(_parameters, new NotebookRunOptions { Profile = Profiles.Default });

        Assert.Equal(["display: default 30 full run 0.5"], Run.Describe(Run.Cell(result, "use")));
        Assert.Equal(-1, result.Notebook!.IndexOfTag(Parameters.InjectedParametersTag));
    }

    [Fact]
    public async Task AnUndeclaredProfileOnlyNamesItself()
    {
        var result = await Run.NotebookAsync(_parameters, new NotebookRunOptions { Profile = Profiles.Full });

        Assert.Equal(["display: full 30 full run 0.5"], Run.Describe(Run.Cell(result, "use")));
    }

    [Fact]
    public async Task UnknownProfileIsAProblemAndNothingRuns()
    {
        var result = await NotebookRunner.RunAsync(_parameters, new NotebookRunOptions { Profile = "tiny" });

        var problem = Assert.Single(result.Problems);
        Assert.Contains("cannot run with profile \"tiny\": \"tiny\" is not a profile; the profiles are quick, default and full", problem.Message, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
        Assert.All(result.Notebook!.Cells, cell => Assert.Null(cell.ExecutionCount));
    }

    [Fact]
    public async Task OverrideOfAnUndeclaredVariableIsAProblem()
    {
        var options = new NotebookRunOptions { Overrides = [Fixture.Succeed(ParameterOverride.Parse("batch=3"))] };

        var result = await NotebookRunner.RunAsync(_parameters, options);

        Assert.Contains("declares no variable \"batch\"", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingWorkerIsAProblemThatNamesIt()
    {
        var result = await NotebookRunner.RunAsync(_parameters, new NotebookRunOptions { WorkerPath = "/nowhere/gencourse-worker.dll" });

        var problem = Assert.Single(result.Problems);
        Assert.Contains("the notebook worker /nowhere/gencourse-worker.dll does not exist", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableNotebookIsAProblem()
    {
        var result = await NotebookRunner.RunAsync(Fixture.PathOf("broken.ipynb"), new NotebookRunOptions());

        Assert.NotEmpty(result.Problems);
        Assert.Null(result.Notebook);
    }

    [Fact]
    public async Task ProgressReportsEachCodeCellStartingAndFinishing()
    {
        using var directory = new Fixture.TempDirectory();
        var path = Run.Write(directory, "var a = 1;", "throw new Exception(\"stop\");", "var c = 3;");
        var events = new List<CellProgress>();

        await Run.NotebookAsync(path, new NotebookRunOptions { Progress = new Collect(events) });

        Assert.Equal(
            ["Started 0 3 var a = 1; ", "Finished 0 3 var a = 1; True", "Started 1 3 throw new Exception(\"stop\"); ", "Finished 1 3 throw new Exception(\"stop\"); False"],
            events.Select(e => $"{e.Kind} {e.CellIndex} {e.CellCount} {e.FirstLine} {e.Succeeded}"));
        Assert.Equal(TimeSpan.Zero, events[0].Elapsed);
        Assert.True(events[1].Elapsed > TimeSpan.Zero);
    }

    private sealed class Collect(List<CellProgress> events) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => events.Add(value);
    }
}
