using System.Text.RegularExpressions;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// A new value for a variable of the parameters cell, injected as a C# assignment (<c>epochs = 3;</c>).
/// Comes from a profile (<see cref="Parameters.ReadProfiles"/>) or from the command line (<see cref="Parse"/>).
/// </summary>
public sealed partial record ParameterOverride(string Name, ParameterValue Value)
{
    /// <summary>Reads <c>name=value</c>; the value is typed by <see cref="ParameterValue.TryParse"/>.</summary>
    public static DocumentResult<ParameterOverride> Parse(string nameEqualsValue)
    {
        var equals = nameEqualsValue.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return DocumentResult<ParameterOverride>.Failure(new NotebookProblem(
                $"parameter \"{nameEqualsValue}\" has no '='; expected name=value, for example epochs=3 or name=\"run 1\""));
        }

        var name = nameEqualsValue[..equals].Trim();
        var text = nameEqualsValue[(equals + 1)..].Trim();
        if (!IsIdentifier(name))
        {
            return DocumentResult<ParameterOverride>.Failure(new NotebookProblem(
                $"parameter \"{nameEqualsValue}\": \"{name}\" is not a C# variable name"));
        }

        return ParameterValue.TryParse(text, out var value)
            ? DocumentResult<ParameterOverride>.Success(new ParameterOverride(name, value))
            : DocumentResult<ParameterOverride>.Failure(new NotebookProblem(
                $"parameter \"{nameEqualsValue}\": {text} is not a valid quoted string (it is read as JSON, so escape \" and \\)"));
    }

    /// <summary>The assignment as C# source, typed by the value alone: <c>epochs = 3;</c>.</summary>
    public string ToCSharpAssignment() => $"{Name} = {Value.ToCSharpLiteral()};";

    public override string ToString() => ToCSharpAssignment();

    internal static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);

    [GeneratedRegex(@"^@?[\p{L}_][\p{L}\p{Nd}_]*$")]
    private static partial Regex IdentifierPattern();
}
