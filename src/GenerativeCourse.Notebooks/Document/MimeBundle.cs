using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The <c>data</c> of a display or result output: one value in several MIME types, in insertion order.
/// Text types hold one string (the writer splits <c>text/*</c>, <c>application/javascript</c> and <c>image/svg+xml</c> into
/// lines as Jupyter does, and keeps base64 images as one string); JSON types (<c>application/json</c>,
/// <c>application/*+json</c>) hold a JSON tree that is written as it is.
/// </summary>
public sealed class MimeBundle : IEnumerable<KeyValuePair<string, JsonNode?>>
{
    private readonly JsonObject _entries = [];

    public int Count => _entries.Count;

    public IEnumerable<string> MimeTypes => _entries.Select(entry => entry.Key);

    /// <summary>The value stored for a MIME type: a string value for text types, any JSON for JSON types.</summary>
    public JsonNode? this[string mimeType] => _entries[mimeType];

    public static MimeBundle PlainText(string text) => new MimeBundle().SetText("text/plain", text);

    /// <summary>Sets a text representation, replacing any earlier value of that type.</summary>
    public MimeBundle SetText(string mimeType, string text)
    {
        _entries[mimeType] = JsonValue.Create(text);
        return this;
    }

    /// <summary>Sets a JSON representation. The node must not belong to another tree (use <see cref="JsonNode.DeepClone"/>).</summary>
    public MimeBundle SetJson(string mimeType, JsonNode? value)
    {
        _entries[mimeType] = value;
        return this;
    }

    public bool Contains(string mimeType) => _entries.ContainsKey(mimeType);

    public bool Remove(string mimeType) => _entries.Remove(mimeType);

    public bool TryGetText(string mimeType, [NotNullWhen(true)] out string? text)
    {
        text = JsonText.AsString(_entries[mimeType]);
        return text is not null;
    }

    /// <summary>True for <c>application/json</c> and <c>application/*+json</c>, whose values are JSON, not text.</summary>
    public static bool IsJsonMimeType(string mimeType) =>
        mimeType == "application/json" ||
        (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether the writer stores a text value of this type as a list of lines (Jupyter's convention).</summary>
    internal static bool IsWrittenAsLines(string mimeType) =>
        mimeType.StartsWith("text/", StringComparison.Ordinal) ||
        mimeType is "application/javascript" or "image/svg+xml";
}
