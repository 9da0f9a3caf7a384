using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenerativeCourse.Notebooks.Export;

/// <summary>
/// Rewrites notebook cells, which are script submissions, into the top-level statements of one program. One instance
/// reads all cells of a notebook in order, because what is allowed depends on earlier cells.
/// </summary>
/// <remarks>
/// What changes between a submission and a program:
/// <list type="bullet">
/// <item>a trailing expression (no <c>;</c>) is the cell's displayed result: it becomes <c>display(expr);</c>
/// (<c>display(…)</c>, <c>x.Display()</c> and <c>Console.Write…(…)</c> just get their <c>;</c>, they return nothing);</item>
/// <item><c>using</c> directives move to the top of the file, type declarations to the end (after the statements);</item>
/// <item>a variable declared again with the same declared type (<c>var x</c> twice) becomes an assignment; with another
/// type it is an error, as is a second method or type of the same name: a program has one scope.</item>
/// </list>
/// The rewrite is syntactic: two <c>var</c> declarations whose values have different types become an assignment the
/// compiler of the app rejects; a trailing expression that is a call of some other void method is wrapped in
/// <c>display(…)</c> and does not compile either.
/// </remarks>
internal sealed class CellTranslator
{
    private static readonly CSharpParseOptions _script = CSharpParseOptions.Default
        .WithKind(SourceCodeKind.Script)
        .WithLanguageVersion(LanguageVersion.Latest);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _methods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly List<string> _usings = [];
    private readonly List<string> _typeDeclarations = [];

    /// <summary>Every <c>using</c> directive of every cell, each once, in order of appearance.</summary>
    public IReadOnlyList<string> Usings => _usings;

    /// <summary>Type declarations of every cell, in order, to be written after the statements.</summary>
    public IReadOnlyList<string> TypeDeclarations => _typeDeclarations;

    /// <summary>Whether any cell has an <c>unsafe</c> block or member (the app then needs <c>AllowUnsafeBlocks</c>).</summary>
    public bool UsesUnsafe { get; private set; }

    /// <summary>
    /// The cell's statements as program text, or the errors (one-based cell lines and messages). The code must keep
    /// the cell's line numbering (directives replaced by empty lines) for the line numbers to be right.
    /// </summary>
    public (string? Statements, IReadOnlyList<(int Line, string Message)> Errors) Translate(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, _script).GetRoot();
        var errors = root.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (LineOf(d.Location), $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}; fix the cell before exporting"))
            .ToList();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        UsesUnsafe |= root.DescendantTokens().Any(token => token.IsKind(SyntaxKind.UnsafeKeyword));
        var statements = new StringBuilder();
        var lastMember = root.Members.LastOrDefault();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } trailing } when member == lastMember:
                    statements.Append(DisplayTrailing(trailing));
                    break;
                case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }:
                    statements.Append(Declare(local.Declaration, local.Modifiers, local, errors));
                    break;
                case GlobalStatementSyntax global:
                    statements.Append(global.ToFullString());
                    break;
                case FieldDeclarationSyntax field:
                    statements.Append(Declare(field.Declaration, field.Modifiers, field, errors));
                    break;
                case MethodDeclarationSyntax method:
                    Unique(_methods, method.Identifier.Text + "/" + method.ParameterList.Parameters.Count, method, $"method \"{method.Identifier.Text}\"", errors);
                    statements.Append(method.ToFullString());
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    Unique(_types, TypeName(member), member, $"type \"{TypeName(member)}\"", errors);
                    _typeDeclarations.Add(member.ToFullString().Trim('\r', '\n'));
                    break;
                default:
                    errors.Add((LineOf(member.GetLocation()),
                        $"a top-level {member.Kind()} is allowed in a notebook cell but not among a program's top-level statements; move it into a class"));
                    break;
            }
        }

        foreach (var directive in root.Usings.Select(u => u.ToString().Trim()).Where(u => !_usings.Contains(u, StringComparer.Ordinal)))
        {
            _usings.Add(directive);
        }

        statements.Append(root.EndOfFileToken.LeadingTrivia.ToFullString());
        return errors.Count > 0 ? (null, errors) : (statements.ToString(), []);
    }

    private static string DisplayTrailing(ExpressionStatementSyntax trailing)
    {
        var expression = trailing.Expression;
        var text = ReturnsNothing(expression) ? $"{expression};" : $"display({expression});";
        return trailing.GetLeadingTrivia().ToFullString() + text + expression.GetTrailingTrivia().ToFullString();
    }

    private static bool ReturnsNothing(ExpressionSyntax expression) => expression is InvocationExpressionSyntax
    {
        Expression: IdentifierNameSyntax { Identifier.Text: "display" }
            or MemberAccessExpressionSyntax { Name.Identifier.Text: "Display" or "Write" or "WriteLine" },
    };

    // A declaration at the top of a cell; names seen in an earlier cell become assignments when the declared type matches.
    private string Declare(VariableDeclarationSyntax declaration, SyntaxTokenList modifiers, SyntaxNode node, List<(int, string)> errors)
    {
        var type = declaration.Type.ToString();
        var declared = modifiers.Count > 0 ? $"{modifiers} {type}" : type;
        var redeclared = declaration.Variables.Where(v => _variables.ContainsKey(v.Identifier.Text)).ToList();
        foreach (var variable in redeclared.Where(v => _variables[v.Identifier.Text] != type || modifiers.Any(SyntaxKind.ConstKeyword)))
        {
            errors.Add((LineOf(variable.GetLocation()),
                $"\"{variable.Identifier.Text}\" is declared again as \"{declared}\" but an earlier cell declared it as \"{_variables[variable.Identifier.Text]}\"; " +
                "a file-based app has one scope for all cells: rename the variable, or declare it again with the same type"));
        }

        foreach (var variable in declaration.Variables)
        {
            _variables.TryAdd(variable.Identifier.Text, type);
        }

        if (redeclared.Count == 0)
        {
            return node.ToFullString();
        }

        var text = new StringBuilder(node.GetLeadingTrivia().ToFullString());
        var prefix = declared + " ";
        foreach (var variable in declaration.Variables)
        {
            var value = variable.Initializer?.Value.ToString() ?? "default!";
            text.Append(redeclared.Contains(variable) ? $"{variable.Identifier.Text} = {value}; " : $"{prefix}{variable}; ");
        }

        return text.ToString().TrimEnd() + node.GetTrailingTrivia().ToFullString();
    }

    private static void Unique(HashSet<string> seen, string key, SyntaxNode node, string what, List<(int, string)> errors)
    {
        if (!seen.Add(key))
        {
            errors.Add((LineOf(node.GetLocation()),
                $"{what} is declared again; a notebook may redefine it in a later cell, a file-based app cannot: rename one of them"));
        }
    }

    private static string TypeName(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.Text,
        DelegateDeclarationSyntax d => d.Identifier.Text,
        _ => member.Kind().ToString(),
    };

    private static int LineOf(Location location) => location.GetLineSpan().StartLinePosition.Line + 1;
}
