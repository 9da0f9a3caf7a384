using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.NuGet;
using GenerativeCourse.Notebooks.Export;

namespace GenerativeCourse.Notebooks.Tests.Export;

/// <summary>
/// An exported notebook really runs: <c>dotnet run app.cs</c> builds it (ten to thirty seconds) and prints what the cells
/// display. The build goes into the temporary folder, not the shared per-user cache of file-based apps.
/// </summary>
public class ExportedAppRunTests
{
    [Fact]
    public async Task AnExportedNotebookRunsAndPrintsItsDisplaysInOrder()
    {
        using var directory = new Fixture.TempDirectory();
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown("# Export test\nTwo code cells, a package, a redefinition."));
        notebook.AddCell(NotebookCell.Code(
            "#r \"nuget: Markdig, 1.6.0\"\nvar x = 20;\nConsole.WriteLine($\"x is {x}\");\ndisplay(\"shown by display\");\nx + 1"));
        notebook.AddCell(NotebookCell.Code(
            "#!csharp\nusing Markdig;\nvar x = 2;\nx.Display();\ndisplay(HTML(Markdown.ToHtml(\"*hi*\").Trim()));\nrecord Point(int X, int Y);\nnew Point(x, 3)"));
        var ipynb = directory.File("export-test.ipynb");
        notebook.FilePath = ipynb;
        Assert.Null(IpynbWriter.WriteFile(notebook, ipynb));

        var written = Fixture.Succeed(FileBasedAppExporter.ExportFile(ipynb));
        var run = await DotnetCommand.RunAsync(DotnetHost.Locate(), ["run", "--artifacts-path", directory.File("build"), written], directory.Path, TimeSpan.FromMinutes(3), CancellationToken.None);

        Assert.Equal(directory.File("export-test.cs"), written);
        Assert.False(run.TimedOut);
        Assert.True(run.ExitCode == 0, run.Output + "\n" + File.ReadAllText(written));
        Assert.Equal("x is 20\nshown by display\n21\n2\n<p><em>hi</em></p>\nPoint { X = 2, Y = 3 }\n", run.Output);
    }
}
