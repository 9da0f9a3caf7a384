using GenerativeCourse.Notebooks.Runs;

namespace GenerativeCourse.Notebooks.Tests.Runs;

public sealed class NotebookPathsTests
{
    [Fact]
    public void FolderMeansItsIpynbFilesInOrdinalNameOrder()
    {
        using var temp = new Fixture.TempDirectory();
        foreach (var name in (string[])["10-b.ipynb", "02-a.ipynb", "00-z.ipynb", "notes.md", "03-c.dib"])
        {
            File.WriteAllText(temp.File(name), "{}");
        }

        var expanded = Fixture.Succeed(NotebookPaths.Expand([temp.Path]));

        Assert.Equal([temp.File("00-z.ipynb"), temp.File("02-a.ipynb"), temp.File("10-b.ipynb")], expanded);
    }

    [Fact]
    public void FilesAreTakenInTheGivenOrderAndEachOnlyOnce()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("b.ipynb"), "{}");
        File.WriteAllText(temp.File("a.dib"), "");

        var expanded = Fixture.Succeed(NotebookPaths.Expand([temp.File("b.ipynb"), temp.File("a.dib"), temp.Path]));

        Assert.Equal([temp.File("b.ipynb"), temp.File("a.dib")], expanded);
    }

    [Fact]
    public void EveryBadPathIsAProblem()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("notes.md"), "");
        Directory.CreateDirectory(temp.File("empty"));

        var result = NotebookPaths.Expand([temp.File("missing.ipynb"), temp.File("notes.md"), temp.File("empty")]);

        Assert.Equal(
            [
                $"{temp.File("missing.ipynb")}: does not exist: expected a notebook (.ipynb, .dib) or a folder of notebooks",
                $"{temp.File("notes.md")}: is not a notebook: expected a folder, a .ipynb or a .dib file",
                $"{temp.File("empty")}: is a folder with no .ipynb notebooks in it",
            ],
            result.Problems.Select(p => p.ToString()));
    }
}
