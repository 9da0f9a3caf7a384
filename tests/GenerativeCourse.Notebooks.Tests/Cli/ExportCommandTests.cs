using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary><c>gencourse export</c> calls the exporter and turns its result into a message and an exit code.</summary>
public sealed class ExportCommandTests
{
    [Fact]
    public async Task ExportsToTheGivenFile()
    {
        using var temp = new Fixture.TempDirectory();
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown("# Hello"));
        notebook.AddCell(NotebookCell.Code("Console.WriteLine(\"hi\");"));
        Assert.Null(IpynbWriter.WriteFile(notebook, temp.File("hello.ipynb")));

        var (exitCode, output) = await CommandLine.RunAsync("export", temp.File("hello.ipynb"), "--out", temp.File("app/hello.cs"));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Exported {temp.File("hello.ipynb")} to {temp.File("app/hello.cs")}", output);
        Assert.Contains("Console.WriteLine(\"hi\");", File.ReadAllText(temp.File("app/hello.cs")));
    }

    [Fact]
    public async Task MalformedNotebookExitsWithTwoAndWritesNothing()
    {
        using var temp = new Fixture.TempDirectory();

        var (exitCode, output) = await CommandLine.RunAsync("export", Fixture.PathOf("broken.ipynb"), "--out", temp.File("broken.cs"));

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {Fixture.PathOf("broken.ipynb")}(3,", output);
        Assert.False(File.Exists(temp.File("broken.cs")));
    }

    [Fact]
    public async Task MissingNotebookArgumentIsBadUsage()
    {
        var (exitCode, _) = await CommandLine.RunAsync("export");

        Assert.Equal(2, exitCode);
    }
}
