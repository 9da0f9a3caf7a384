namespace GenerativeCourse.Notebooks.Document;

/// <summary>A variable of the parameters cell and its declared C# type as written (<c>var</c> when it could not be told).</summary>
internal sealed record ParameterDeclaration(string Name, string Type)
{
    /// <summary>
    /// The C# literal that assigns <paramref name="value"/> to this variable, or the reason it cannot: an int
    /// variable takes only whole numbers, a bool only true/false; a string variable takes any value as text;
    /// float and decimal variables get their literal suffix.
    /// </summary>
    public (string? Literal, string? Error) LiteralFor(ParameterValue value)
    {
        var kind = value.Kind;
        switch (Type)
        {
            case "string":
                return (ParameterValue.StringLiteral(value.ToText()), null);
            case "bool" or "bool?":
                return kind == ParameterKind.Bool ? (value.ToCSharpLiteral(), null) : (null, "it takes only true or false");
            case "int" or "long" or "short" or "byte" or "uint" or "ulong" or "int?" or "long?":
                return value.Value switch
                {
                    long => (value.ToCSharpLiteral(), null),
                    double whole when double.IsInteger(whole) && Math.Abs(whole) < 9e15 => (ParameterValue.Int((long)whole).ToCSharpLiteral(), null),
                    _ => (null, "it takes only whole numbers"),
                };
            case "double" or "float" or "decimal" or "double?" or "float?" or "decimal?":
                if (kind is not (ParameterKind.Int or ParameterKind.Double))
                {
                    return (null, "it takes only numbers");
                }

                var type = Type.TrimEnd('?');
                var number = value.ToCSharpLiteral();
                if (type == "double")
                {
                    return (number, null);
                }

                // float and decimal literals need a suffix; NaN and the infinities exist only as double constants.
                return value.Value is double real && !double.IsFinite(real)
                    ? ($"({type}){number}", null)
                    : (number + (type == "float" ? "f" : "m"), null);
            default:
                return (value.ToCSharpLiteral(), null);
        }
    }
}
