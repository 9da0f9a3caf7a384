using System.Diagnostics.CodeAnalysis;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The outcome of a document operation: either a value, or the problems that prevented it.
/// Reading a notebook returns <c>DocumentResult&lt;Notebook&gt;</c>; nothing in the public read API throws for bad input.
/// </summary>
/// <typeparam name="T">What the operation produces.</typeparam>
public sealed class DocumentResult<T>
    where T : class
{
    private DocumentResult(T? value, IReadOnlyList<NotebookProblem> problems)
    {
        Value = value;
        Problems = problems;
    }

    /// <summary>The value; null exactly when <see cref="Problems"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Everything that went wrong, in the order it was found. Empty on success.</summary>
    public IReadOnlyList<NotebookProblem> Problems { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null && Problems.Count == 0;

    /// <summary>One problem per line (suitable for a test failure message or the console), or "ok".</summary>
    public override string ToString() => Succeeded ? "ok" : string.Join(Environment.NewLine, Problems);

    internal static DocumentResult<T> Success(T value) => new(value, []);

    internal static DocumentResult<T> Failure(IEnumerable<NotebookProblem> problems)
    {
        var list = problems.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one problem.", nameof(problems));
        }

        return new DocumentResult<T>(null, list);
    }

    internal static DocumentResult<T> Failure(NotebookProblem problem) => new(null, [problem]);
}
