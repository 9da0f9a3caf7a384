using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Tests.Execution.Directives;

/// <summary>Parses a cell and fails the test with the errors (or the unexpected success) when the outcome is not the expected one.</summary>
internal static class DirectivesAssert
{
    public static CellDirectives Parses(string source)
    {
        var result = CellDirectives.Parse(source);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Errors);
        return result.Value;
    }

    public static DirectiveError FailsOnce(string source)
    {
        var result = CellDirectives.Parse(source);
        Assert.False(result.Succeeded, "expected an error, the cell parsed");
        Assert.Null(result.Value);
        return Assert.Single(result.Errors);
    }
}
