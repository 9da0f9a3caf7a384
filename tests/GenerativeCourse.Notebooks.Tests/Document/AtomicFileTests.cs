using System.Text;
using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class AtomicFileTests
{
    [Fact]
    public void WritingLeavesOnlyTheTarget()
    {
        using var directory = new Fixture.TempDirectory();
        var path = directory.File("03-vae.ipynb");

        Assert.Null(IpynbWriter.WriteFile(Fixture.Read("polyglot-clean.ipynb"), path));
        Assert.Null(IpynbWriter.WriteFile(Fixture.Read("polyglot-executed.ipynb"), path));

        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
        Assert.Equal(Fixture.Bytes("polyglot-executed.ipynb"), File.ReadAllBytes(path));
    }

    [Fact]
    public void AFailureHalfwayKeepsTheOldFileAndRemovesTheTemporaryOne()
    {
        using var directory = new Fixture.TempDirectory();
        var path = directory.File("notebook.ipynb");
        File.WriteAllText(path, "old content");

        var failure = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("{ \"cells\": [ half a notebook"));
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", failure.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void ANotebookThatCannotBeSerializedDoesNotTouchTheTarget()
    {
        using var directory = new Fixture.TempDirectory();
        var path = directory.File("notebook.ipynb");
        File.WriteAllText(path, "old content");
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        notebook.Metadata["loss"] = JsonValue.Create(double.NaN);

        var problem = IpynbWriter.WriteFile(notebook, path);

        Assert.NotNull(problem);
        Assert.Equal(path, problem.File);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void AnUnwritableTargetIsAProblemAndLeavesNoTemporaryFile()
    {
        using var directory = new Fixture.TempDirectory();
        var occupied = directory.File("is-a-directory.ipynb");
        Directory.CreateDirectory(occupied);
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        var intoDirectory = IpynbWriter.WriteFile(notebook, occupied);
        var intoNowhere = IpynbWriter.WriteFile(notebook, directory.File("missing/notebook.ipynb"));

        Assert.Contains("cannot write the notebook", intoDirectory!.Message, StringComparison.Ordinal);
        Assert.Contains("cannot write the notebook", intoNowhere!.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(occupied));
        Assert.Equal([occupied], Directory.GetFileSystemEntries(directory.Path));
    }
}
