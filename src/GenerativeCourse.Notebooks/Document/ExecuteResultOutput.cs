using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The value of a cell's trailing expression (<c>"output_type": "execute_result"</c>); it carries the
/// execution count of the cell that produced it.
/// </summary>
public sealed class ExecuteResultOutput : RichOutput
{
    public ExecuteResultOutput(int? executionCount, MimeBundle data, JsonObject? metadata = null)
        : base(data, metadata)
    {
        ExecutionCount = executionCount;
    }

    public override string OutputType => "execute_result";

    public int? ExecutionCount { get; set; }
}
