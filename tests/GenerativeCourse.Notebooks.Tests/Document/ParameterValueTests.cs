using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class ParameterValueTests
{
    [Theory]
    [InlineData("epochs=3", "epochs", ParameterKind.Int, "3")]
    [InlineData(" epochs = -12 ", "epochs", ParameterKind.Int, "-12")]
    [InlineData("big=3000000000", "big", ParameterKind.Int, "3000000000")]
    [InlineData("lr=0.001", "lr", ParameterKind.Double, "0.001")]
    [InlineData("lr=1e-3", "lr", ParameterKind.Double, "0.001")]
    [InlineData("lr=2.0", "lr", ParameterKind.Double, "2.0")]
    [InlineData("plot=true", "plot", ParameterKind.Bool, "true")]
    [InlineData("plot=False", "plot", ParameterKind.Bool, "false")]
    [InlineData("name=vae", "name", ParameterKind.String, "\"vae\"")]
    [InlineData("name=\"3\"", "name", ParameterKind.String, "\"3\"")]
    [InlineData("name=\"tab\\there\"", "name", ParameterKind.String, "\"tab\\there\"")]
    [InlineData("name=", "name", ParameterKind.String, "\"\"")]
    [InlineData("name=a=b", "name", ParameterKind.String, "\"a=b\"")]
    [InlineData("name=NaN", "name", ParameterKind.String, "\"NaN\"")]
    public void CommandLineOverridesAreTypedAsCSharpLiterals(string text, string name, ParameterKind kind, string literal)
    {
        var parsed = Fixture.Succeed(ParameterOverride.Parse(text));

        Assert.Equal((name, kind, literal), (parsed.Name, parsed.Value.Kind, parsed.Value.ToCSharpLiteral()));
    }

    [Theory]
    [InlineData("epochs", "has no '='")]
    [InlineData("2fast=1", "is not a C# variable name")]
    [InlineData("my name=1", "is not a C# variable name")]
    [InlineData("name=\"unterminated\\\"", "is not a valid quoted string")]
    public void MalformedOverridesAreProblems(string text, string expected)
    {
        var problem = Assert.Single(ParameterOverride.Parse(text).Problems);

        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.File);
    }

    [Theory]
    [InlineData(3.0, "3.0")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(double.NaN, "double.NaN")]
    [InlineData(double.NegativeInfinity, "double.NegativeInfinity")]
    public void DoublesAreAlwaysDoubleLiterals(double value, string literal)
    {
        Assert.Equal(literal, ParameterValue.Double(value).ToCSharpLiteral());
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quote \" backslash \\", "\"quote \\\" backslash \\\\\"")]
    [InlineData("lines\r\n\ttab\0", "\"lines\\r\\n\\ttab\\0\"")]
    [InlineData("esc \u001b del \u007f", "\"esc \\u001B del \\u007F\"")]
    [InlineData("sep \u2028 \u2029 nel \u0085", "\"sep \\u2028 \\u2029 nel \\u0085\"")]
    [InlineData("zéro ½ 😀", "\"zéro ½ 😀\"")]
    public void StringsAreQuotedAndEscapedForCSharp(string value, string literal)
    {
        Assert.Equal(literal, ParameterValue.String(value).ToCSharpLiteral());
    }
}
