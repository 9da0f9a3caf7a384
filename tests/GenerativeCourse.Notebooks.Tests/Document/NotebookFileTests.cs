using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class NotebookFileTests
{
    [Fact]
    public void ReadsByExtension()
    {
        Assert.Equal(5, Fixture.Read("polyglot-clean.ipynb").Cells.Count);
        Assert.Equal(6, Fixture.Read("sample.dib").Cells.Count);
    }

    [Fact]
    public void AnotherExtensionIsAProblem()
    {
        var problem = Assert.Single(NotebookFile.Read("notes.md").Problems);

        Assert.Equal("notes.md: is not a notebook: expected a .ipynb or .dib file, found \".md\"", problem.ToString());
    }

    [Fact]
    public void AMissingDibIsAProblem()
    {
        var problem = Assert.Single(NotebookFile.Read("no/such/notebook.dib").Problems);

        Assert.StartsWith("no/such/notebook.dib: cannot read the notebook: ", problem.ToString(), StringComparison.Ordinal);
    }
}
