using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Parses JSON into a tree that keeps key order and the text of numbers, and turns a syntax error into a
/// <see cref="NotebookProblem"/> with the file's line and column (in characters) and what the parser expected.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions _options = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 256,
    };

    /// <param name="utf8">The JSON text.</param>
    /// <param name="file">The file, to name in a problem.</param>
    /// <param name="firstLine">The file's line number of the JSON's first line (JSON embedded in a .dib starts later).</param>
    /// <param name="problem">Set when the text is not valid JSON.</param>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, string? file, int firstLine, out NotebookProblem? problem)
    {
        problem = null;
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            var root = JsonNode.Parse(utf8, documentOptions: _options);
            if (FindUnreadableString(root) is { } below)
            {
                problem = new NotebookProblem(
                    $"invalid JSON: the string at ${below} has an escaped half of a surrogate pair (\\ud800 to \\udfff) without its other half; fix or remove that escape")
                {
                    File = file,
                };
                return null;
            }

            return root;
        }
        catch (JsonException e)
        {
            var (line, column, message) = e.LineNumber is long lineIndex
                ? (lineIndex, CharacterColumn(utf8, lineIndex, e.BytePositionInLine ?? 0), WithoutPosition(e.Message))
                : LocateDuplicate(utf8, e.Message);
            problem = new NotebookProblem($"invalid JSON: {message}")
            {
                File = file,
                Line = (int)line + firstLine,
                Column = column,
            };
            return null;
        }
    }

    /// <summary>"a string", "an object", … — how messages describe a value that has the wrong type.</summary>
    public static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true/false",
    };

    /// <summary>How messages describe the value of a key, or "nothing" when the object lacks the key.</summary>
    public static string DescribeProperty(JsonObject owner, string key) =>
        owner.TryGetPropertyValue(key, out var value) ? Describe(value) : "nothing";

    /// <summary>The integer value of a node, or null if it is not an integral JSON number that fits an int.</summary>
    public static int? AsInt(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : null;

    public static string? AsString(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    // The parser accepts "\ud800" alone but reading that string later throws; find such strings now, while we can
    // still report them as a problem. Returns the JSON path of the first one below the node ("" for the node itself).
    private static string? FindUnreadableString(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (FindUnreadableString(value) is { } below)
                        {
                            return $".{key}{below}";
                        }
                    }

                    return null;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (FindUnreadableString(array[i]) is { } below)
                        {
                            return $"[{i}]{below}";
                        }
                    }

                    return null;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    // The parser counts bytes; a reader counts characters (é is two bytes, one column).
    private static int CharacterColumn(ReadOnlySpan<byte> utf8, long lineIndex, long bytePosition)
    {
        var lineStart = 0;
        for (var line = 0L; line < lineIndex; line++)
        {
            var next = utf8[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        var length = (int)Math.Min(bytePosition, utf8.Length - lineStart);
        return Encoding.UTF8.GetCharCount(utf8.Slice(lineStart, length)) + 1;
    }

    private static string WithoutPosition(string message)
    {
        // "… Expected a ':'. LineNumber: 3 | BytePositionInLine: 7." — the position is reported in our own form.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (path >= 0 && (cut < 0 || path < cut))
        {
            cut = path;
        }

        return (cut >= 0 ? message[..cut] : message).Trim();
    }

    // A duplicate key is reported without a position; find the second occurrence ourselves.
    private static (long Line, int Column, string Message) LocateDuplicate(ReadOnlySpan<byte> utf8, string message)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = _options.MaxDepth });
        var keysOfOpenObjects = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keysOfOpenObjects.Push([]);
                        break;
                    case JsonTokenType.EndObject:
                        keysOfOpenObjects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var key = reader.GetString()!;
                        if (!keysOfOpenObjects.Peek().Add(key))
                        {
                            var before = utf8[..(int)reader.TokenStartIndex];
                            var line = before.Count((byte)'\n');
                            var bytePosition = before.Length - (before.LastIndexOf((byte)'\n') + 1);
                            return (line, CharacterColumn(utf8, line, bytePosition), $"the key \"{key}\" appears twice in the same object; keep one");
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not a duplicate after all; fall through to the parser's own message.
        }

        return (0, 1, WithoutPosition(message));
    }
}
