using System.Text.RegularExpressions;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The variables a parameters cell declares, found by their plain declarations (<c>var epochs = 30;</c>,
/// <c>float lr = 1e-3f;</c>, <c>const string Name = "x";</c>), and how an override must be written to fit each one.
/// </summary>
internal static partial class ParameterDeclarations
{
    private static readonly HashSet<string> _notTypes = new(StringComparer.Ordinal)
    {
        "return", "else", "new", "await", "throw", "yield", "using", "case", "goto", "in", "out", "ref", "is", "as",
    };

    /// <summary>The declared names in order, each with its declared type (<c>var</c> resolved from a literal initializer when possible).</summary>
    public static IReadOnlyList<ParameterDeclaration> Find(string source)
    {
        var found = new List<ParameterDeclaration>();
        foreach (Match match in DeclarationPattern().Matches(source))
        {
            var type = match.Groups["type"].Value;
            if (_notTypes.Contains(type))
            {
                continue;
            }

            var name = match.Groups["name"].Value.TrimStart('@');
            if (found.TrueForAll(declaration => declaration.Name != name))
            {
                found.Add(new ParameterDeclaration(name, type == "var" ? TypeOfLiteral(match.Groups["value"].Value.Trim()) : type));
            }
        }

        return found;
    }

    // A declaration at the start of a line or after ';', '{' or '}':   [const] Type name = value
    [GeneratedRegex(@"(?:^|[;{}])[ \t]*(?:const[ \t]+)?(?<type>[A-Za-z_][\w.]*(?:<[^=;]*?>)?(?:\[\])*\??)[ \t]+(?<name>@?[\p{L}_][\p{L}\p{Nd}_]*)[ \t]*=(?!=)(?<value>[^;\n]*)", RegexOptions.Multiline)]
    private static partial Regex DeclarationPattern();

    private static string TypeOfLiteral(string literal) => literal switch
    {
        "true" or "false" => "bool",
        _ when literal.StartsWith('"') || literal.StartsWith("@\"", StringComparison.Ordinal) || literal.StartsWith("$\"", StringComparison.Ordinal) => "string",
        _ when IntegerLiteral().IsMatch(literal) => "int",
        _ when RealLiteral().Match(literal) is { Success: true } real => real.Groups["suffix"].Value.ToUpperInvariant() switch
        {
            "F" => "float",
            "M" => "decimal",
            _ => "double",
        },
        _ => "var",
    };

    [GeneratedRegex(@"^-?[0-9][0-9_]*[lL]?$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"^-?(?:[0-9][0-9_]*)?(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?(?<suffix>[fFdDmM])?$")]
    private static partial Regex RealLiteral();
}
