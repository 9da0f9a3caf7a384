using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>An output that carries a MIME bundle: <see cref="DisplayDataOutput"/> or <see cref="ExecuteResultOutput"/>.</summary>
public abstract class RichOutput : CellOutput
{
    private protected RichOutput(MimeBundle data, JsonObject? metadata)
    {
        Data = data;
        Metadata = metadata ?? [];
    }

    /// <summary>The same value in several representations, for example <c>text/html</c> and <c>text/plain</c>.</summary>
    public MimeBundle Data { get; }

    /// <summary>Per-output metadata (for example an image's width), keyed by MIME type or free-form.</summary>
    public JsonObject Metadata { get; }
}
