using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// One output of a code cell, as nbformat 4 stores it. The four kinds are <see cref="StreamOutput"/> (console text),
/// <see cref="DisplayDataOutput"/> (<c>display(x)</c>), <see cref="ExecuteResultOutput"/> (a cell's trailing expression)
/// and <see cref="ErrorOutput"/> (a compilation error or exception).
/// </summary>
public abstract class CellOutput
{
    private protected CellOutput()
    {
    }

    /// <summary>The <c>output_type</c> written to the file.</summary>
    public abstract string OutputType { get; }

    /// <summary>Keys of the output's JSON that this model does not interpret, written back unchanged.</summary>
    public JsonObject AdditionalProperties { get; } = [];

    /// <summary>The output's keys in the order the file had them (null for outputs created in memory).</summary>
    internal IReadOnlyList<string>? KeyOrder { get; set; }
}
