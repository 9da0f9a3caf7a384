using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Export;

namespace GenerativeCourse.Notebooks.Tests.Export;

/// <summary>A notebook's <c>#r</c> of the course library becomes a <c>#:project</c> of the project that builds it.</summary>
public class ProjectReferenceExportTests
{
    [Fact]
    public void TheLibraryDllBecomesItsProjectRelativeToTheApp()
    {
        using var repository = new Fixture.TempDirectory();
        Directory.CreateDirectory(repository.File("src/GenerativeCourse"));
        File.WriteAllText(repository.File("src/GenerativeCourse/GenerativeCourse.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Directory.CreateDirectory(repository.File("notebooks"));
        var notebook = Notebook.CreateCSharp();
        notebook.FilePath = repository.File("notebooks/01-intro.ipynb");
        notebook.AddCell(NotebookCell.Code("#r \"../artifacts/bin/GenerativeCourse/debug/GenerativeCourse.dll\"\nvar x = 1;"));

        var text = Fixture.Succeed(FileBasedAppExporter.ToText(notebook, repository.File("notebooks/01-intro.cs")));
        var elsewhere = Fixture.Succeed(FileBasedAppExporter.ToText(notebook, repository.File("exports/app/01-intro.cs")));

        Assert.Contains("#:project ../src/GenerativeCourse/GenerativeCourse.csproj\n", text, StringComparison.Ordinal);
        Assert.Contains("#:project ../../src/GenerativeCourse/GenerativeCourse.csproj\n", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain("#r", text, StringComparison.Ordinal);
        Assert.Contains("\n\nvar x = 1;\n", text, StringComparison.Ordinal);
        Assert.Contains("value.ToString()", text, StringComparison.Ordinal); // this project does not reference the Formatting package
    }

    [Fact]
    public void AnyOtherDllIsExplainedInAComment()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.FilePath = "/nowhere/notebooks/01-intro.ipynb";
        notebook.AddCell(NotebookCell.Code("#r \"lib/Tools.dll\"\nvar x = 1;"));

        var text = Fixture.Succeed(FileBasedAppExporter.ToText(notebook, "/nowhere/notebooks/01-intro.cs"));

        Assert.Contains(
            "\n// The notebook loads the assembly \"lib/Tools.dll\" (#r), which a file-based app cannot reference; use #:project with the project that builds it, or #:package with its package.\n",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n#:project", text, StringComparison.Ordinal);
    }
}
