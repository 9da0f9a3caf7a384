using GenerativeCourse.Notebooks.Execution.Directives;
using static GenerativeCourse.Notebooks.Tests.Execution.Directives.DirectivesAssert;

namespace GenerativeCourse.Notebooks.Tests.Execution.Directives;

public class KernelMagicTests
{
    private const string Supported =
        "the runner understands only the kernel magics #!csharp (also #!c#, #!cs) and #!markdown, on a cell's first line";

    [Theory]
    [InlineData("#!csharp")]
    [InlineData("#!c#")]
    [InlineData("#!C#")]
    [InlineData("#!cs")]
    [InlineData("  #!csharp  ")]
    public void EveryCSharpMagicMakesACSharpCellAndBecomesAnEmptyLine(string magic)
    {
        var cell = Parses($"{magic}\nvar x = 1;\nx");

        Assert.Equal(KernelMagic.CSharp, cell.Kernel);
        Assert.False(cell.IsMarkdown);
        Assert.Equal("\nvar x = 1;\nx", cell.Code);
    }

    [Fact]
    public void TheMagicMayFollowBlankLines()
    {
        var cell = Parses("\n   \n#!csharp\nx");

        Assert.Equal(KernelMagic.CSharp, cell.Kernel);
        Assert.Equal("\n   \n\nx", cell.Code);
    }

    [Fact]
    public void ACellWithoutMagicKeepsItsCode()
    {
        var cell = Parses("var x = 1;\r\nx");

        Assert.Equal(KernelMagic.None, cell.Kernel);
        Assert.Equal("var x = 1;\r\nx", cell.Code);
    }

    [Fact]
    public void AMarkdownMagicMakesATextCellWhoseLinesAreNotRead()
    {
        var cell = Parses("#!markdown\n# Title\n#!fsharp is not read here\n#r \"nuget:\"");

        Assert.Equal(KernelMagic.Markdown, cell.Kernel);
        Assert.True(cell.IsMarkdown);
        Assert.Equal("", cell.Code);
        Assert.Empty(cell.Packages);
    }

    [Theory]
    [InlineData("#!fsharp")]
    [InlineData("#!pwsh")]
    [InlineData("#!javascript")]
    public void AnotherKernelFailsTheCellNamingItAndItsLine(string magic)
    {
        var error = FailsOnce($"\n{magic}\nlet x = 1");

        Assert.Equal(2, error.Line);
        Assert.Equal($"kernel \"{magic}\" is not supported; {Supported}", error.Message);
        Assert.Equal($"line 2: kernel \"{magic}\" is not supported; {Supported}", error.ToString());
    }

    [Theory]
    [InlineData("#!time")]
    [InlineData("#!whatever")]
    [InlineData("#!set --name x --value 1")]
    public void AMagicCommandAnywhereFailsTheWholeCell(string line)
    {
        var error = FailsOnce($"var x = 1;\nConsole.WriteLine(x);\n    {line}\nx");

        Assert.Equal(3, error.Line);
        Assert.Equal($"magic command \"{line.Split(' ')[0]}\" is not supported; {Supported}", error.Message);
    }

    [Fact]
    public void ACSharpMagicAfterTheFirstLineIsAnError()
    {
        var error = FailsOnce("var x = 1;\n#!csharp\nx");

        Assert.Equal(new DirectiveError(2,
            "kernel magic \"#!csharp\" is not supported after the cell's first line (one cell, one kernel); start a new cell for it instead"), error);
    }

    [Fact]
    public void EveryBadLineIsReportedInOrder()
    {
        var result = CellDirectives.Parse("#!time\nvar x = 1;\n#!fsharp");

        Assert.Equal([1, 3], result.Errors.Select(error => error.Line));
    }

    [Fact]
    public void AMagicInsideAStringOrCommentIsText()
    {
        var cell = Parses("var s = @\"\n#!fsharp\n\";\n/*\n#!time\n*/\n// #!pwsh");

        Assert.Equal("var s = @\"\n#!fsharp\n\";\n/*\n#!time\n*/\n// #!pwsh", cell.Code);
    }

    [Fact]
    public void AnErrorBecomesAProblemOfTheNotebookCell()
    {
        var problem = FailsOnce("#!time").ToProblem("notebooks/01-intro.ipynb", 4);

        Assert.Equal($"notebooks/01-intro.ipynb: cells[4]: line 1: magic command \"#!time\" is not supported; {Supported}", problem.ToString());
    }
}
