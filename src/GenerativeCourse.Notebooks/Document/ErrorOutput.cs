namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// A failure of the cell (<c>"output_type": "error"</c>): a compilation error or an exception.
/// In the file: <c>ename</c>, <c>evalue</c> and <c>traceback</c>.
/// </summary>
public sealed class ErrorOutput : CellOutput
{
    public ErrorOutput(string errorName, string errorValue, IEnumerable<string> traceback)
    {
        ErrorName = errorName;
        ErrorValue = errorValue;
        Traceback = traceback.ToList();
    }

    public override string OutputType => "error";

    /// <summary><c>ename</c>: the kind of error, for example <c>CompilationError</c> or an exception type name.</summary>
    public string ErrorName { get; }

    /// <summary><c>evalue</c>: the message.</summary>
    public string ErrorValue { get; }

    /// <summary><c>traceback</c>: one entry per frame or diagnostic (entries may contain newlines; they are not joined).</summary>
    public IReadOnlyList<string> Traceback { get; }
}
