using GenerativeCourse.Notebooks.Execution.Directives;
using static GenerativeCourse.Notebooks.Tests.Execution.Directives.DirectivesAssert;

namespace GenerativeCourse.Notebooks.Tests.Execution.Directives;

/// <summary>A <c>#r</c> is a directive only at the start of a line of code, not inside strings or comments.</summary>
public class DirectiveContextTests
{
    [Theory]
    [InlineData("var s = \"#r \\\"nuget: Markdig\\\"\";")]
    [InlineData("Console.WriteLine(\"x\"); // #r \"nuget: Markdig\"")]
    [InlineData("var c = '\"'; var s = \"#r \\\"nuget: Markdig\\\"\";")]
    public void ADirectiveLaterInALineIsText(string source)
    {
        var cell = Parses(source);

        Assert.Empty(cell.Packages);
        Assert.Equal(source, cell.Code);
    }

    [Theory]
    [InlineData("var s = @\"first\n#r \"\"nuget: Markdig\"\"\n\";")]
    [InlineData("var s = $@\"{1}\n#r \"\"nuget: Markdig\"\"\n\";")]
    [InlineData("var s = \"\"\"\n    #r \"nuget: Markdig\"\n    \"\"\";")]
    [InlineData("var s = $$\"\"\"\"\n    \"\"\" #r\n#r \"nuget: Markdig\"\n    \"\"\"\";")]
    [InlineData("/* a comment\n#r \"nuget: Markdig\"\n*/")]
    [InlineData("/* one */ var x = 1; /* two\n#r \"nuget: Markdig\"\n*/")]
    public void ADirectiveInsideAMultiLineStringOrCommentIsText(string source)
    {
        var cell = Parses(source);

        Assert.Empty(cell.Packages);
        Assert.Equal(source, cell.Code);
    }

    [Theory]
    [InlineData("var s = @\"a\"\"b\";\n#r \"nuget: Markdig\"")]
    [InlineData("var s = \"\"\"a\"\"\";\n#r \"nuget: Markdig\"")]
    [InlineData("var s = \"\";\n#r \"nuget: Markdig\"")]
    [InlineData("var s = \"\\\\\";\n#r \"nuget: Markdig\"")]
    [InlineData("/* closed */\n#r \"nuget: Markdig\"")]
    [InlineData("var s = @\"\n\";\n#r \"nuget: Markdig\"")]
    public void ADirectiveAfterAClosedStringOrCommentCounts(string source)
    {
        var cell = Parses(source);

        Assert.Equal([new PackageRequest("Markdig", null)], cell.Packages);
        Assert.EndsWith("\n", cell.Code, StringComparison.Ordinal);
        Assert.Equal(source.Split('\n').Length, cell.Code.Split('\n').Length);
    }

    [Fact]
    public void HoistedLinesKeepTheLineNumbersOfTheRest()
    {
        var cell = Parses("#!csharp\r\n#r \"nuget: Markdig, 1.6.0\"\r\n#i \"nuget: /tmp/feed\"\r\nvar x = 1;\r\nx");

        Assert.Equal("\r\n\r\n\r\nvar x = 1;\r\nx", cell.Code);
    }
}
