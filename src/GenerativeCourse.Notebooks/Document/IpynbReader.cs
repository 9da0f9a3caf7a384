using System.Text;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Reads an nbformat 4 <c>.ipynb</c> file (Jupyter, Polyglot Notebooks) into a <see cref="Notebook"/>.
/// Bad input never throws: malformed JSON is reported with file, line and column; a wrong format version,
/// missing <c>cells</c> or a malformed cell with file and cell index. Every problem found is reported, not just the first.
/// </summary>
/// <remarks>
/// Everything the model does not interpret (unknown metadata, unknown keys of cells and outputs) is kept, together
/// with the order of keys, so that <see cref="IpynbWriter"/> writes it back unchanged.
/// </remarks>
public static class IpynbReader
{
    private static readonly string[] _notebookKeys = ["cells", "metadata", "nbformat", "nbformat_minor"];

    public static DocumentResult<Notebook> ReadFile(string path) =>
        NotebookFile.TryReadAllBytes(path, out var bytes, out var problem)
            ? Parse(bytes, path)
            : DocumentResult<Notebook>.Failure(problem);

    public static DocumentResult<Notebook> Parse(string json, string fileName) => Parse(Encoding.UTF8.GetBytes(json), fileName);

    /// <param name="utf8Json">The file's bytes (a UTF-8 byte order mark is allowed).</param>
    /// <param name="fileName">How problems name the file.</param>
    public static DocumentResult<Notebook> Parse(ReadOnlySpan<byte> utf8Json, string fileName)
    {
        var root = JsonText.Parse(utf8Json, fileName, firstLine: 1, out var syntaxProblem);
        if (syntaxProblem is not null)
        {
            return DocumentResult<Notebook>.Failure(syntaxProblem);
        }

        if (root is not JsonObject json)
        {
            return DocumentResult<Notebook>.Failure(NotebookProblem.InFile(
                fileName,
                $"expected a Jupyter notebook (a JSON object with \"cells\", \"metadata\", \"nbformat\" and \"nbformat_minor\"), found {JsonText.Describe(root)}"));
        }

        var problems = new List<NotebookProblem>();
        var notebook = ReadNotebook(json, fileName, problems);
        return notebook is not null && problems.Count == 0
            ? DocumentResult<Notebook>.Success(notebook)
            : DocumentResult<Notebook>.Failure(problems);
    }

    private static Notebook? ReadNotebook(JsonObject json, string file, List<NotebookProblem> problems)
    {
        void Problem(string message) => problems.Add(NotebookProblem.InFile(file, message));

        if (!json.TryGetPropertyValue("nbformat", out var majorNode))
        {
            Problem($"missing \"nbformat\"; expected {Notebook.FormatMajor} (the format Jupyter and Polyglot Notebooks save)");
            return null;
        }

        if (JsonText.AsInt(majorNode) is not int major)
        {
            Problem($"\"nbformat\" must be the integer {Notebook.FormatMajor}, found {JsonText.Describe(majorNode)}");
            return null;
        }

        if (major != Notebook.FormatMajor)
        {
            // Versions 1-3 have worksheets instead of cells: reading on would only produce confusing follow-up problems.
            Problem($"nbformat {major} is not supported; only nbformat {Notebook.FormatMajor} is read. " +
                    "Open the notebook in Jupyter or VS Code and save it to convert it.");
            return null;
        }

        var minor = 0;
        if (!json.TryGetPropertyValue("nbformat_minor", out var minorNode))
        {
            Problem("missing \"nbformat_minor\"; expected a small integer such as 5");
        }
        else if (JsonText.AsInt(minorNode) is int value && value >= 0)
        {
            minor = value;
        }
        else
        {
            Problem($"\"nbformat_minor\" must be a non-negative integer, found {JsonText.Describe(minorNode)}");
        }

        var metadata = ReadObject(json, "metadata", Problem);
        var notebook = new Notebook(minor, metadata)
        {
            FilePath = file,
            KeyOrder = json.Select(property => property.Key).ToList(),
        };

        if (!json.TryGetPropertyValue("cells", out var cellsNode))
        {
            Problem("missing \"cells\"; expected a list of cells");
        }
        else if (cellsNode is not JsonArray cells)
        {
            Problem($"\"cells\" must be a list of cells, found {JsonText.Describe(cellsNode)}");
        }
        else
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (IpynbCellReader.Read(cells[i], file, i, problems) is { } cell)
                {
                    notebook.Cells.Add(cell);
                }
            }
        }

        CopyUnknown(json, _notebookKeys, notebook.AdditionalProperties);
        return notebook;
    }

    /// <summary>A detached copy of an optional object-valued key (such as <c>metadata</c>); an empty object if absent.</summary>
    internal static JsonObject ReadObject(JsonObject owner, string key, Action<string> problem)
    {
        if (!owner.TryGetPropertyValue(key, out var node))
        {
            return [];
        }

        if (node is JsonObject value)
        {
            return value.DeepClone().AsObject();
        }

        problem($"\"{key}\" must be an object, found {JsonText.Describe(node)}");
        return [];
    }

    /// <summary>Copies the keys a model does not interpret, detached from the parsed tree.</summary>
    internal static void CopyUnknown(JsonObject source, IReadOnlyCollection<string> knownKeys, JsonObject target)
    {
        foreach (var (key, value) in source)
        {
            if (!knownKeys.Contains(key))
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
