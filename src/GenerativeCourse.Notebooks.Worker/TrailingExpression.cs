using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Whether a submission ends in a value to display, as the C# kernel decides: its last statement is an expression
/// written without <c>;</c> whose type is not <c>void</c> (<c>x + 1</c> has a value, <c>x + 1;</c> and
/// <c>Console.WriteLine(x)</c> do not).
/// </summary>
internal static class TrailingExpression
{
    public static bool HasValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root ||
            root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } ||
            !statement.SemicolonToken.IsMissing)
        {
            return false;
        }

        // A null literal has no type, and still is a value (displayed as <null>).
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type?.SpecialType != SpecialType.System_Void;
    }
}
