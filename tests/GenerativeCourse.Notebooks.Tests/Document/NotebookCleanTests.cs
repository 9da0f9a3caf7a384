using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class NotebookCleanTests
{
    [Fact]
    public void ACommittedNotebookIsClean()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        Assert.True(notebook.IsClean, string.Join("\n", notebook.UncleanParts));
    }

    [Fact]
    public void AnExecutedNotebookSaysWhatIsNotClean()
    {
        var notebook = Fixture.Read("polyglot-executed.ipynb");
        var file = Fixture.PathOf("polyglot-executed.ipynb");

        Assert.False(notebook.IsClean);
        Assert.Equal(
            [
                $"{file}: cells[2]: is a cell of injected parameters, left by a run",
                $"{file}: cells[3]: has 2 output(s)",
                $"{file}: cells[3]: has execution count 1",
                $"{file}: cells[3]: has run timing in metadata.gencourse.timing",
                $"{file}: cells[4]: has 2 output(s)",
                $"{file}: cells[4]: has execution count 2",
                $"{file}: cells[5]: has 1 output(s)",
                $"{file}: cells[5]: has execution count 3",
                $"{file}: has run timing in metadata.gencourse.timing",
            ],
            notebook.UncleanParts.Select(part => part.ToString()));
    }

    [Fact]
    public void CleaningRemovesRunResultsAndKeepsEverythingElse()
    {
        var notebook = Fixture.Read("polyglot-executed.ipynb");

        notebook.Clean();

        Assert.True(notebook.IsClean);
        Assert.Equal(["intro", "params", "stream", "display", "error", "raw"], notebook.Cells.Select(cell => cell.Id));
        Assert.All(notebook.Cells, cell => Assert.Empty(cell.Outputs));
        Assert.All(notebook.Cells, cell => Assert.Null(cell.ExecutionCount));
        Assert.False(notebook.Cells[2].Metadata.ContainsKey("gencourse"));
        Assert.False(notebook.Metadata.ContainsKey("gencourse"));
        Assert.Equal(["parameters"], notebook.Cells[1].Tags);
        Assert.True(notebook.Cells[0].AdditionalProperties.ContainsKey("attachments"));
        Assert.Equal("1e-05", notebook.Metadata["custom"]!["tiny"]!.ToJsonString());
        Assert.Equal("text/plain", notebook.Cells[5].Metadata["format"]!.GetValue<string>());
    }

    [Fact]
    public void CleaningKeepsProfilesNextToTheRemovedTiming()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        var parameters = notebook.Cells[2];
        parameters.Timing = new ExecutionTiming(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.False(notebook.IsClean);

        notebook.Clean();

        Assert.Equal(Fixture.Text("polyglot-clean.ipynb"), IpynbWriter.Serialize(notebook));
    }

    [Fact]
    public void ACleanedNotebookStaysCleanOnDisk()
    {
        var notebook = Fixture.Read("polyglot-executed.ipynb");
        notebook.Clean();

        var reread = Fixture.Parse(IpynbWriter.Serialize(notebook));

        Assert.True(reread.IsClean);
        Assert.Contains("\"outputs\": []", IpynbWriter.Serialize(reread), StringComparison.Ordinal);
    }
}
