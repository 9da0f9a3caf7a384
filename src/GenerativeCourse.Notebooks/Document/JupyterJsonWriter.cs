using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Writes JSON text in the layout Jupyter uses for .ipynb files (Python's <c>json.dumps(indent=1, ensure_ascii=False)</c>):
/// one-space indentation, <c>": "</c> after keys, <c>[]</c> and <c>{}</c> for empty containers, and only
/// <c>"</c>, <c>\</c> and control characters escaped (lower-case <c>\u001b</c>), so non-ASCII text stays readable.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> cannot produce this layout: even with the relaxed encoder it escapes characters
/// outside the Basic Multilingual Plane (emoji) and writes upper-case hex, and raw values lose their indentation.
/// Differences from Jupyter's own files would show up as noise in every diff of a committed notebook.
/// </remarks>
internal sealed class JupyterJsonWriter
{
    private readonly StringBuilder _text = new();

    // One entry per open container: whether it has an item yet (decides between "[]" and "[\n ...\n]").
    private readonly Stack<bool> _containers = new();
    private bool _afterPropertyName;

    public void StartObject() => Open('{');

    public void EndObject() => Close('}');

    public void StartArray() => Open('[');

    public void EndArray() => Close(']');

    public void PropertyName(string name)
    {
        BeginItem();
        AppendQuoted(name);
        _text.Append(": ");
        _afterPropertyName = true;
    }

    public void String(string value)
    {
        BeginItem();
        AppendQuoted(value);
    }

    public void Number(long value)
    {
        BeginItem();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Null()
    {
        BeginItem();
        _text.Append("null");
    }

    public void Strings(IEnumerable<string> values)
    {
        StartArray();
        foreach (var value in values)
        {
            String(value);
        }

        EndArray();
    }

    /// <summary>A multi-line text as nbformat stores it: a list of lines (see <see cref="MultilineText"/>).</summary>
    public void Lines(string text) => Strings(MultilineText.SplitLines(text));

    /// <summary>Writes a JSON tree as it is: keys in their order, numbers with the text they were read with.</summary>
    public void Node(JsonNode? node)
    {
        switch (node)
        {
            case null:
                Null();
                break;
            case JsonObject obj:
                StartObject();
                foreach (var (key, value) in obj)
                {
                    PropertyName(key);
                    Node(value);
                }

                EndObject();
                break;
            case JsonArray array:
                StartArray();
                foreach (var item in array)
                {
                    Node(item);
                }

                EndArray();
                break;
            default:
                BeginItem();
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        AppendQuoted(node.GetValue<string>());
                        break;
                    default:
                        // Numbers read from a file keep their original text (1e-05 stays 1e-05); true, false, null.
                        _text.Append(node.ToJsonString());
                        break;
                }

                break;
        }
    }

    /// <summary>The document, with the newline Jupyter puts at the end of the file.</summary>
    public string Finish()
    {
        if (_containers.Count != 0)
        {
            throw new InvalidOperationException("A JSON object or array is still open.");
        }

        return _text.Append('\n').ToString();
    }

    private void Open(char bracket)
    {
        BeginItem();
        _text.Append(bracket);
        _containers.Push(false);
    }

    private void Close(char bracket)
    {
        var hasItems = _containers.Pop();
        if (hasItems)
        {
            NewLine();
        }

        _text.Append(bracket);
    }

    private void BeginItem()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
            return;
        }

        if (_containers.Count == 0)
        {
            return;
        }

        if (_containers.Pop())
        {
            _text.Append(',');
        }

        _containers.Push(true);
        NewLine();
    }

    private void NewLine() => _text.Append('\n').Append(' ', _containers.Count);

    private void AppendQuoted(string value)
    {
        _text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (Utf16.IsLoneSurrogate(value, i))
                    {
                        // Half a surrogate pair is not text: UTF-8 cannot encode it and an escaped one does not read
                        // back, so it becomes the replacement character.
                        _text.Append('\uFFFD');
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }
}
