using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Export;

namespace GenerativeCourse.Notebooks.Tests.Export;

public class FileBasedAppTextTests
{
    private static Notebook NotebookOf(params NotebookCell[] cells)
    {
        var notebook = Notebook.CreateCSharp();
        notebook.FilePath = "/course/notebooks/01-intro.ipynb";
        foreach (var cell in cells)
        {
            notebook.AddCell(cell);
        }

        return notebook;
    }

    private static string Export(params NotebookCell[] cells) =>
        Fixture.Succeed(FileBasedAppExporter.ToText(NotebookOf(cells), "/course/notebooks/01-intro.cs"));

    private static IReadOnlyList<string> Problems(params NotebookCell[] cells)
    {
        var result = FileBasedAppExporter.ToText(NotebookOf(cells), "/course/notebooks/01-intro.cs");
        Assert.False(result.Succeeded, "expected problems, the export succeeded");
        return result.Problems.Select(problem => problem.ToString()).ToList();
    }

    [Fact]
    public void TheFileStartsWithAHeaderAndTheAppDirectives()
    {
        var text = Export(NotebookCell.Code("#r \"nuget: Markdig, 1.6.0\"\n#r \"nuget: Spectre.Console\"\n#i \"nuget: https://feed.example/v3/index.json\"\nvar x = 1;"));

        Assert.StartsWith(
            """
            // Exported from 01-intro.ipynb by gencourse export: the notebook's cells in order, Markdown as comments.
            // Run it with: dotnet run 01-intro.cs
            #:property TargetFramework=net10.0
            #:property PublishAot=false
            #:property Nullable=disable
            #:property ManagePackageVersionsCentrally=false
            #:property RestoreAdditionalProjectSources=https://feed.example/v3/index.json
            #:package Markdig@1.6.0
            #:package Spectre.Console@*

            using System.Collections;
            using System.Text;
            using static NotebookDisplay;

            var x = 1;

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void MarkdownCellsBecomeComments()
    {
        var text = Export(NotebookCell.Markdown("# Title\n\nSome *text*.  "), NotebookCell.Code("#!markdown\nA Markdown code cell"), NotebookCell.Code("var x = 1;"));

        Assert.Contains("using static NotebookDisplay;\n\n// # Title\n//\n// Some *text*.\n\n// A Markdown code cell\n\nvar x = 1;\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrailingExpressionIsDisplayedAndVoidCallsJustGetASemicolon()
    {
        var text = Export(
            NotebookCell.Code("var x = 1;\nx + 1 // the answer"),
            NotebookCell.Code("display(x)"),
            NotebookCell.Code("x.Display()"),
            NotebookCell.Code("Console.WriteLine(x)"),
            NotebookCell.Code("x + 2;"));

        Assert.Contains("var x = 1;\ndisplay(x + 1); // the answer\n\ndisplay(x);\n\nx.Display();\n\nConsole.WriteLine(x);\n\nx + 2;\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedeclarationWithTheSameTypeBecomesAnAssignment()
    {
        var text = Export(NotebookCell.Code("var x = 1;\nint n = 2, m = 3;"), NotebookCell.Code("// again\nvar x = 5;\nint n = 4, k = 6;"));

        Assert.Contains("var x = 1;\nint n = 2, m = 3;\n\n// again\nx = 5;\nn = 4; int k = 6;\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedeclarationWithAnotherTypeIsAProblemNamingBoth()
    {
        var problems = Problems(NotebookCell.Code("var x = 1;"), NotebookCell.Code("\nstring x = \"a\";"));

        Assert.Equal(
            ["/course/notebooks/01-intro.ipynb: cells[1]: line 2: \"x\" is declared again as \"string\" but an earlier cell declared it as \"var\"; " +
             "a file-based app has one scope for all cells: rename the variable, or declare it again with the same type"],
            problems);
    }

    [Fact]
    public void TypesMoveAfterTheStatementsAndUsingsToTheTop()
    {
        var text = Export(NotebookCell.Code("using System.Numerics;\nrecord Point(int X, int Y);\nvar p = new Point(1, 2);"), NotebookCell.Code("using System.Numerics;\nusing System.Text.Json;\np"));

        Assert.Contains("using System.Text;\nusing System.Numerics;\nusing System.Text.Json;\nusing static NotebookDisplay;\n\nvar p = new Point(1, 2);\n\ndisplay(p);\n\nrecord Point(int X, int Y);\n\n/// <summary>The notebook helpers", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ATypeDeclaredTwiceIsAProblem()
    {
        var problems = Problems(NotebookCell.Code("record Point(int X);"), NotebookCell.Code("record Point(int X, int Y);"));

        Assert.Equal(["/course/notebooks/01-intro.ipynb: cells[1]: line 1: type \"Point\" is declared again; a notebook may redefine it in a later cell, a file-based app cannot: rename one of them"], problems);
    }

    [Fact]
    public void TheDisplayHelperUsesToStringWithoutTheFormattingPackage()
    {
        var text = Export(NotebookCell.Code("1"));

        Assert.Contains("public static void display(object value, params string[] mimeTypes) => Console.WriteLine(value is null ? \"<null>\" : value.ToString());", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDisplayHelperUsesTheFormattingPackageWhenTheNotebookDoes()
    {
        var text = Export(NotebookCell.Code("#r \"nuget: Microsoft.DotNet.Interactive.Formatting, 1.0.0-beta.23562.1\"\n1"));

        Assert.Contains("global::Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, mimeTypes.Length > 0 ? mimeTypes[0] : \"text/plain\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsafeCodeTurnsOnUnsafeBlocks() =>
        Assert.Contains("#:property AllowUnsafeBlocks=true\n", Export(NotebookCell.Code("unsafe { int* p = null; }")), StringComparison.Ordinal);

    [Fact]
    public void CellProblemsAreCollectedFromEveryCell()
    {
        var problems = Problems(
            NotebookCell.Code("#!time\n1"),
            NotebookCell.Code("#load \"helpers.csx\"\n1"),
            NotebookCell.Code("let x = 1", "fsharp"),
            NotebookCell.Code("var y = ;"));

        Assert.Equal(4, problems.Count);
        Assert.StartsWith("/course/notebooks/01-intro.ipynb: cells[0]: line 1: magic command \"#!time\" is not supported", problems[0], StringComparison.Ordinal);
        Assert.Equal("/course/notebooks/01-intro.ipynb: cells[1]: line 1: #load \"helpers.csx\" cannot be exported: a file-based app is one file; paste the script's code into the cell", problems[1]);
        Assert.StartsWith("/course/notebooks/01-intro.ipynb: cells[2]: kernel \"fsharp\" is not supported", problems[2], StringComparison.Ordinal);
        Assert.StartsWith("/course/notebooks/01-intro.ipynb: cells[3]: line 1: CS1525: Invalid expression term ';'", problems[3], StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingPackageVersionsAreAProblem()
    {
        var problems = Problems(NotebookCell.Code("#r \"nuget: Markdig, 1.6.0\""), NotebookCell.Code("#r \"nuget: Markdig, 1.5.0\""));

        Assert.StartsWith("/course/notebooks/01-intro.ipynb: cells[1]: package \"Markdig\" was already requested with version 1.6.0", Assert.Single(problems), StringComparison.Ordinal);
    }
}
