using System.Diagnostics.CodeAnalysis;

namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// The outcome of <see cref="CellDirectives.Parse"/>: the cell's directives, or every line the runner cannot honour.
/// Errors are values: nothing in parsing throws for bad input.
/// </summary>
public sealed class DirectivesResult
{
    private DirectivesResult(CellDirectives? value, IReadOnlyList<DirectiveError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The directives; null exactly when <see cref="Errors"/> is not empty.</summary>
    public CellDirectives? Value { get; }

    /// <summary>Every error, in line order. Empty on success.</summary>
    public IReadOnlyList<DirectiveError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    /// <summary>One error per line, or "ok".</summary>
    public override string ToString() => Succeeded ? "ok" : string.Join(Environment.NewLine, Errors);

    internal static DirectivesResult Success(CellDirectives value) => new(value, []);

    internal static DirectivesResult Failure(IReadOnlyList<DirectiveError> errors) =>
        errors.Count == 0
            ? throw new ArgumentException("A failure needs at least one error.", nameof(errors))
            : new DirectivesResult(null, errors);
}
