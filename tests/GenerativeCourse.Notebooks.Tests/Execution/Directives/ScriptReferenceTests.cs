using GenerativeCourse.Notebooks.Execution.Directives;
using static GenerativeCourse.Notebooks.Tests.Execution.Directives.DirectivesAssert;

namespace GenerativeCourse.Notebooks.Tests.Execution.Directives;

public class ScriptReferenceTests
{
    [Fact]
    public void AssemblyAndScriptDirectivesStayInTheCodeAndAreReported()
    {
        const string Source = "#r \"../artifacts/bin/GenerativeCourse/debug/GenerativeCourse.dll\"\n  #load \"helpers.csx\"\n#r \"nuget: Markdig, 1.6.0\"\nvar x = 1;";

        var cell = Parses(Source);

        Assert.Equal(
            [
                new ScriptReference(ScriptReferenceKind.Assembly, "../artifacts/bin/GenerativeCourse/debug/GenerativeCourse.dll", 1),
                new ScriptReference(ScriptReferenceKind.Script, "helpers.csx", 2),
            ],
            cell.References);
        Assert.Equal("#r \"../artifacts/bin/GenerativeCourse/debug/GenerativeCourse.dll\"\n  #load \"helpers.csx\"\n\nvar x = 1;", cell.Code);
    }

    [Fact]
    public void AMalformedLoadIsAnError()
    {
        var error = FailsOnce("#load helpers.csx");

        Assert.Equal(new DirectiveError(1, "malformed #load directive: expected a quoted argument, as in #load \"file.csx\""), error);
    }

    [Fact]
    public void CSharpsOwnDirectivesAreLeftAlone()
    {
        const string Source = "#region setup\n#if DEBUG\n#nullable enable\n#endif\n#endregion\n#pragma warning disable CS0168";

        var cell = Parses(Source);

        Assert.Equal(Source, cell.Code);
        Assert.Empty(cell.Packages);
        Assert.Empty(cell.References);
    }
}
