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

    [Fact]
    public void ANotebookRunsAfterTheNotebooksItsMetadataNames()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("06-evaluation.ipynb"), NotebookRunningAfter("08-pixelcnn", "07-rbm"));
        foreach (var name in (string[])["05-flows.ipynb", "07-rbm.ipynb", "08-pixelcnn.ipynb", "09-diffusion.ipynb"])
        {
            File.WriteAllText(temp.File(name), "{}");
        }

        var expanded = Fixture.Succeed(NotebookPaths.Expand([temp.Path]));

        Assert.Equal(
            ["05-flows.ipynb", "07-rbm.ipynb", "08-pixelcnn.ipynb", "06-evaluation.ipynb", "09-diffusion.ipynb"],
            expanded.Select(Path.GetFileName));
    }

    [Fact]
    public void NamedFilesKeepTheirOrderWhateverTheyDeclare()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("06-evaluation.ipynb"), NotebookRunningAfter("08-pixelcnn"));
        File.WriteAllText(temp.File("08-pixelcnn.ipynb"), "{}");

        var expanded = Fixture.Succeed(NotebookPaths.Expand([temp.File("06-evaluation.ipynb"), temp.File("08-pixelcnn.ipynb")]));

        Assert.Equal(["06-evaluation.ipynb", "08-pixelcnn.ipynb"], expanded.Select(Path.GetFileName));
    }

    [Fact]
    public void AnUnknownNameOrACycleIsAProblemNamingTheFile()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("a.ipynb"), NotebookRunningAfter("b"));
        File.WriteAllText(temp.File("b.ipynb"), NotebookRunningAfter("a"));
        using var other = new Fixture.TempDirectory();
        File.WriteAllText(other.File("c.ipynb"), NotebookRunningAfter("08-pixelcnn"));

        var cycle = NotebookPaths.Expand([temp.Path]);
        var unknown = NotebookPaths.Expand([other.Path]);

        Assert.Equal(
            [$"{temp.File("a.ipynb")}: metadata.gencourse.runsAfter: the notebooks a, b wait for one another, so none of them can run first"],
            cycle.Problems.Select(p => p.ToString()));
        Assert.Equal(
            [$"{other.File("c.ipynb")}: metadata.gencourse.runsAfter names \"08-pixelcnn\", which is no notebook in {other.Path}: expected one of c"],
            unknown.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void ADeclarationThatIsNoListOfNamesIsAProblem()
    {
        using var temp = new Fixture.TempDirectory();
        File.WriteAllText(temp.File("a.ipynb"), """{"cells": [], "metadata": {"gencourse": {"runsAfter": "b"}}, "nbformat": 4, "nbformat_minor": 5}""");

        var result = NotebookPaths.Expand([temp.Path]);

        Assert.Equal(
            [$"{temp.File("a.ipynb")}: metadata.gencourse.runsAfter: expected a list of notebook names (such as \"08-pixelcnn\"), found a string"],
            result.Problems.Select(p => p.ToString()));
    }

    private static string NotebookRunningAfter(params string[] names) =>
        $$$"""{"cells": [], "metadata": {"gencourse": {"runsAfter": [{{{string.Join(", ", names.Select(name => $"\"{name}\""))}}}]}}, "nbformat": 4, "nbformat_minor": 5}""";
}
