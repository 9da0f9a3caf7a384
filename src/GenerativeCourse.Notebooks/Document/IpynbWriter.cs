using System.Text;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Writes a <see cref="Notebook"/> as an nbformat 4 <c>.ipynb</c> file in Jupyter's layout: one-space indentation,
/// keys in the order the file had them (new keys sorted, as Jupyter and VS Code do), multi-line text as lists of
/// lines, non-ASCII text unescaped, a newline at the end. The output depends only on the notebook, so writing the
/// same notebook twice gives the same bytes, and writing a notebook read from a file we wrote gives that file back.
/// </summary>
public static class IpynbWriter
{
    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Serialize(Notebook notebook)
    {
        var json = new JupyterJsonWriter();
        WriteObject(json, notebook.KeyOrder, notebook.AdditionalProperties, new()
        {
            ["cells"] = () =>
            {
                json.StartArray();
                foreach (var cell in notebook.Cells)
                {
                    WriteCell(json, cell);
                }

                json.EndArray();
            },
            ["metadata"] = () => json.Node(notebook.Metadata),
            ["nbformat"] = () => json.Number(Notebook.FormatMajor),
            ["nbformat_minor"] = () => json.Number(notebook.FormatMinor),
        });
        return json.Finish();
    }

    /// <summary>The file's bytes: UTF-8 without a byte order mark.</summary>
    public static byte[] SerializeToUtf8Bytes(Notebook notebook) => _utf8.GetBytes(Serialize(notebook));

    /// <summary>
    /// Saves the notebook atomically (see <see cref="AtomicFile"/>). Returns null on success, or the problem;
    /// on failure the previous file, if any, is unchanged.
    /// </summary>
    public static NotebookProblem? WriteFile(Notebook notebook, string path)
    {
        byte[] bytes;
        try
        {
            bytes = SerializeToUtf8Bytes(notebook);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // Only metadata set in memory can do this, for example a NaN number, which JSON cannot represent.
            return NotebookProblem.InFile(path, $"cannot write the notebook: {e.Message}");
        }

        try
        {
            AtomicFile.WriteAllBytes(path, bytes);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return NotebookProblem.InFile(path, $"cannot write the notebook: {e.Message} (any previous file is unchanged)");
        }
    }

    private static void WriteCell(JupyterJsonWriter json, NotebookCell cell)
    {
        var properties = new Dictionary<string, Action>
        {
            ["cell_type"] = () => json.String(KindName(cell.Kind)),
            ["metadata"] = () => json.Node(cell.Metadata),
            ["source"] = () => json.Lines(cell.Source),
        };
        if (cell.Id is { } id)
        {
            properties["id"] = () => json.String(id);
        }

        if (cell.Kind == CellKind.Code)
        {
            properties["execution_count"] = () => WriteCount(json, cell.ExecutionCount);
            properties["outputs"] = () =>
            {
                json.StartArray();
                foreach (var output in cell.Outputs)
                {
                    WriteOutput(json, output);
                }

                json.EndArray();
            };
        }

        WriteObject(json, cell.KeyOrder, cell.AdditionalProperties, properties);
    }

    private static void WriteOutput(JupyterJsonWriter json, CellOutput output)
    {
        var properties = new Dictionary<string, Action> { ["output_type"] = () => json.String(output.OutputType) };
        switch (output)
        {
            case StreamOutput stream:
                properties["name"] = () => json.String(stream.Name);
                properties["text"] = () => json.Lines(stream.Text);
                break;
            case RichOutput rich:
                properties["data"] = () => WriteBundle(json, rich.Data);
                properties["metadata"] = () => json.Node(rich.Metadata);
                if (rich is ExecuteResultOutput result)
                {
                    properties["execution_count"] = () => WriteCount(json, result.ExecutionCount);
                }

                break;
            case ErrorOutput error:
                properties["ename"] = () => json.String(error.ErrorName);
                properties["evalue"] = () => json.String(error.ErrorValue);
                properties["traceback"] = () => json.Strings(error.Traceback);
                break;
        }

        WriteObject(json, output.KeyOrder, output.AdditionalProperties, properties);
    }

    private static void WriteBundle(JupyterJsonWriter json, MimeBundle bundle)
    {
        json.StartObject();
        foreach (var (mimeType, value) in bundle)
        {
            json.PropertyName(mimeType);
            if (MimeBundle.IsWrittenAsLines(mimeType) && !MimeBundle.IsJsonMimeType(mimeType) && JsonText.AsString(value) is { } text)
            {
                json.Lines(text);
            }
            else
            {
                json.Node(value);
            }
        }

        json.EndObject();
    }

    /// <summary>
    /// Writes an object whose known keys come from the model and whose other keys are kept as read.
    /// A key in both (set by hand in <c>AdditionalProperties</c>) is written once, from the model.
    /// </summary>
    private static void WriteObject(
        JupyterJsonWriter json, IReadOnlyList<string>? keyOrder, JsonObject additional, Dictionary<string, Action> known)
    {
        var keys = known.Keys.Concat(additional.Select(property => property.Key).Where(key => !known.ContainsKey(key)));
        json.StartObject();
        foreach (var key in PropertyOrder.Arrange(keys, keyOrder))
        {
            json.PropertyName(key);
            if (known.TryGetValue(key, out var write))
            {
                write();
            }
            else
            {
                json.Node(additional[key]);
            }
        }

        json.EndObject();
    }

    private static void WriteCount(JupyterJsonWriter json, int? count)
    {
        if (count is int value)
        {
            json.Number(value);
        }
        else
        {
            json.Null();
        }
    }

    private static string KindName(CellKind kind) => kind switch
    {
        CellKind.Code => "code",
        CellKind.Markdown => "markdown",
        _ => "raw",
    };
}
