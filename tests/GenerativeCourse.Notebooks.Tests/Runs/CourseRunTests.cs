using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Runs;

namespace GenerativeCourse.Notebooks.Tests.Runs;

/// <summary>What <see cref="CourseRun"/> does around the runner (the runs themselves are covered end to end in Cli/).</summary>
public sealed class CourseRunTests
{
    [Fact]
    public async Task AMalformedNotebookStopsTheRunBeforeAnythingRuns()
    {
        using var temp = new Fixture.TempDirectory();
        var good = temp.File("good.ipynb");
        Assert.Null(IpynbWriter.WriteFile(Notebook.CreateCSharp(), good));

        var result = await CourseRun.RunAsync([good, Fixture.PathOf("broken.ipynb")], new CourseRunOptions { OutputDirectory = temp.File("out") });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(Fixture.PathOf("broken.ipynb"), problem.File);
        Assert.Empty(result.Outcomes);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public async Task TheSiteKeepsNotebooksExecutedByEarlierRunsWithTheStatusTheirOutputsShow()
    {
        using var temp = new Fixture.TempDirectory();
        var options = new CourseRunOptions { OutputDirectory = temp.Path };
        Directory.CreateDirectory(options.CourseDirectory);
        var earlier = Notebook.CreateCSharp();
        earlier.AddCell(NotebookCell.Markdown("# Earlier"));
        earlier.AddCell(NotebookCell.Code("var x = 1;"));
        var failing = NotebookCell.Code("Fail();");
        failing.Outputs.Add(new ErrorOutput("CompilationError", "(1,1): error CS0103: The name 'Fail' does not exist", []));
        earlier.AddCell(failing);
        earlier.Timing = new ExecutionTiming(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 4, 500, TimeSpan.Zero));
        Assert.Null(IpynbWriter.WriteFile(earlier, Path.Combine(options.CourseDirectory, "05-earlier.ipynb")));
        File.WriteAllText(Path.Combine(options.CourseDirectory, "06-unreadable.ipynb"), "{");

        var result = await CourseRun.RunAsync([], options);

        Assert.True(result.Site is not null, result.SiteProblem?.ToString());
        Assert.Equal([Path.Combine(temp.Path, "site", "05-earlier.html")], result.Site.PagePaths);
        Assert.Contains(
            "<a href=\"05-earlier.html\">Earlier</a> <span class=\"file\">05-earlier</span></td><td class=\"failed\">failed at cell 2</td><td class=\"duration\">4.5 s</td>",
            File.ReadAllText(result.Site.IndexPath));
        Assert.Contains("This run <a href=\"#cell-2\">failed at cell 2</a> (4.5 s): CompilationError: (1,1): error CS0103", File.ReadAllText(result.Site.PagePaths[0]));
    }
}
