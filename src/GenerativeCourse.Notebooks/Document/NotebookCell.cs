using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// One cell of a notebook: its kind, id, source, metadata and, for code cells, outputs and execution count.
/// Metadata is kept as JSON, unknown keys included, so that writing a notebook loses nothing a tool put there.
/// </summary>
public sealed class NotebookCell
{
    public const string TagsKey = "tags";

    public NotebookCell(CellKind kind, string source, JsonObject? metadata = null)
    {
        Kind = kind;
        Source = source;
        Metadata = metadata ?? [];
    }

    public CellKind Kind { get; }

    /// <summary>The nbformat 4.5 cell id (<c>id</c>); null in older notebooks.</summary>
    public string? Id { get; set; }

    /// <summary>The source text. On disk a list of lines; here one string with its <c>\n</c> line ends.</summary>
    public string Source { get; set; }

    /// <summary>The cell's metadata in file order: tags, Polyglot kernel, course timing, anything else.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The execution count of a code cell, null when it has not run. Not written for other kinds.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Outputs of a code cell, in order. Not written for other kinds.</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>Keys of the cell's JSON that this model does not interpret (for example <c>attachments</c>), written back unchanged.</summary>
    public JsonObject AdditionalProperties { get; } = [];

    /// <summary>The cell's tags (<c>metadata.tags</c>), for example <c>parameters</c>.</summary>
    public IReadOnlyList<string> Tags =>
        Metadata[TagsKey] is JsonArray tags
            ? tags.Select(JsonText.AsString).OfType<string>().ToList()
            : [];

    /// <summary>When the cell last ran (<c>metadata.gencourse.timing</c>); setting null removes it.</summary>
    public ExecutionTiming? Timing
    {
        get => ExecutionTiming.ReadFrom(Metadata);
        set => ExecutionTiming.WriteTo(Metadata, value);
    }

    /// <summary>The first non-blank line of the source, trimmed: how messages name a cell to a reader.</summary>
    public string FirstLine =>
        Source.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "";

    /// <summary>The cell's keys in the order the file had them (null for cells created in memory).</summary>
    internal IReadOnlyList<string>? KeyOrder { get; set; }

    /// <summary>A code cell with Polyglot metadata for the kernel (C# unless told otherwise).</summary>
    public static NotebookCell Code(string source, string kernelName = PolyglotMetadata.CSharpKernelName) =>
        new(CellKind.Code, source, PolyglotMetadata.CreateCodeCellMetadata(kernelName));

    public static NotebookCell Markdown(string source) => new(CellKind.Markdown, source);

    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>Adds a tag to <c>metadata.tags</c> unless the cell already has it.</summary>
    public void AddTag(string tag)
    {
        if (HasTag(tag))
        {
            return;
        }

        if (Metadata[TagsKey] is not JsonArray tags)
        {
            tags = [];
            Metadata[TagsKey] = tags;
        }

        tags.Add(tag);
    }

    /// <summary>
    /// Appends console text to a code cell, extending the last output when it is the same stream, so that many small
    /// writes read as one block (as Jupyter front ends merge them).
    /// </summary>
    public void AppendStream(string name, string text)
    {
        if (Outputs.Count > 0 && Outputs[^1] is StreamOutput last && last.Name == name)
        {
            last.Text += text;
        }
        else
        {
            Outputs.Add(new StreamOutput(name, text));
        }
    }

    /// <summary>Forgets the last run: outputs, execution count and timing.</summary>
    public void ClearExecution()
    {
        Outputs.Clear();
        ExecutionCount = null;
        Timing = null;
    }
}
