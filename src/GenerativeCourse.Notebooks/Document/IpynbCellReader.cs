using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>Reads one cell of an .ipynb file and its outputs; every problem names the cell's index.</summary>
internal static class IpynbCellReader
{
    private static readonly string[] _cellKeys = ["cell_type", "id", "metadata", "source"];
    private static readonly string[] _codeCellKeys = [.. _cellKeys, "execution_count", "outputs"];
    private static readonly string[] _streamKeys = ["output_type", "name", "text"];
    private static readonly string[] _displayDataKeys = ["output_type", "data", "metadata"];
    private static readonly string[] _executeResultKeys = [.. _displayDataKeys, "execution_count"];
    private static readonly string[] _errorKeys = ["output_type", "ename", "evalue", "traceback"];

    private const string ExpectedCellTypes = "expected \"code\", \"markdown\" or \"raw\"";
    private const string ExpectedOutputTypes = "expected \"stream\", \"display_data\", \"execute_result\" or \"error\"";
    private const string ExpectedText = "a string or a list of strings";

    public static NotebookCell? Read(JsonNode? node, string file, int index, List<NotebookProblem> problems)
    {
        var before = problems.Count;
        void Problem(string message) => problems.Add(NotebookProblem.InCell(file, index, message));

        if (node is not JsonObject json)
        {
            Problem($"expected a cell (an object with \"cell_type\" and \"source\"), found {JsonText.Describe(node)}");
            return null;
        }

        CellKind? kind = null;
        if (!json.TryGetPropertyValue("cell_type", out var typeNode))
        {
            Problem($"missing \"cell_type\"; {ExpectedCellTypes}");
        }
        else
        {
            kind = JsonText.AsString(typeNode) switch
            {
                "code" => CellKind.Code,
                "markdown" => CellKind.Markdown,
                "raw" => CellKind.Raw,
                _ => null,
            };
            if (kind is null)
            {
                Problem($"unknown \"cell_type\" {typeNode?.ToJsonString() ?? "null"}; {ExpectedCellTypes}");
            }
        }

        string? source = null;
        if (!json.TryGetPropertyValue("source", out var sourceNode))
        {
            Problem($"missing \"source\"; expected {ExpectedText}");
        }
        else if ((source = MultilineText.TryJoin(sourceNode)) is null)
        {
            Problem($"\"source\" must be {ExpectedText}, found {JsonText.Describe(sourceNode)}");
        }

        string? id = null;
        if (json.TryGetPropertyValue("id", out var idNode) && (id = JsonText.AsString(idNode)) is null)
        {
            Problem($"\"id\" must be a string, found {JsonText.Describe(idNode)}");
        }

        var metadata = IpynbReader.ReadObject(json, "metadata", Problem);
        if (kind is not CellKind cellKind || source is null)
        {
            return null;
        }

        var cell = new NotebookCell(cellKind, source, metadata)
        {
            Id = id,
            KeyOrder = json.Select(property => property.Key).ToList(),
        };

        if (cellKind == CellKind.Code)
        {
            cell.ExecutionCount = ReadExecutionCount(json, Problem);
            // "outputs" is required by the schema, but a missing list means no outputs: nothing is lost by accepting it.
            if (json.TryGetPropertyValue("outputs", out var outputsNode))
            {
                ReadOutputs(outputsNode, cell.Outputs, Problem);
            }
        }

        IpynbReader.CopyUnknown(json, cellKind == CellKind.Code ? _codeCellKeys : _cellKeys, cell.AdditionalProperties);
        return problems.Count == before ? cell : null;
    }

    private static void ReadOutputs(JsonNode? node, List<CellOutput> outputs, Action<string> problem)
    {
        if (node is not JsonArray list)
        {
            problem($"\"outputs\" must be a list, found {JsonText.Describe(node)}");
            return;
        }

        for (var j = 0; j < list.Count; j++)
        {
            var where = $"outputs[{j}]";
            if (ReadOutput(list[j], message => problem($"{where}: {message}")) is { } output)
            {
                outputs.Add(output);
            }
        }
    }

    private static CellOutput? ReadOutput(JsonNode? node, Action<string> problem)
    {
        if (node is not JsonObject json)
        {
            problem($"expected an output (an object with \"output_type\"), found {JsonText.Describe(node)}");
            return null;
        }

        if (!json.TryGetPropertyValue("output_type", out var typeNode))
        {
            problem($"missing \"output_type\"; {ExpectedOutputTypes}");
            return null;
        }

        var type = JsonText.AsString(typeNode);
        var failed = false;
        void Problem(string message)
        {
            failed = true;
            problem(message);
        }

        string Text(string key)
        {
            if (MultilineText.TryJoin(json[key]) is { } text)
            {
                return text;
            }

            Problem($"\"{key}\" must be {ExpectedText}, found {JsonText.DescribeProperty(json, key)}");
            return "";
        }

        (CellOutput Output, string[] Keys)? read = type switch
        {
            "stream" => (new StreamOutput(Text("name"), Text("text")), _streamKeys),
            "display_data" => (new DisplayDataOutput(ReadBundle(json, Problem), IpynbReader.ReadObject(json, "metadata", Problem)), _displayDataKeys),
            "execute_result" => (new ExecuteResultOutput(
                ReadExecutionCount(json, Problem), ReadBundle(json, Problem), IpynbReader.ReadObject(json, "metadata", Problem)), _executeResultKeys),
            "error" => (new ErrorOutput(Text("ename"), Text("evalue"), ReadTraceback(json, Problem)), _errorKeys),
            _ => null,
        };

        if (read is not { } known)
        {
            problem($"unknown \"output_type\" {typeNode?.ToJsonString() ?? "null"}; {ExpectedOutputTypes}");
            return null;
        }

        var (output, keys) = known;
        output.KeyOrder = json.Select(property => property.Key).ToList();
        IpynbReader.CopyUnknown(json, keys, output.AdditionalProperties);
        return failed ? null : output;
    }

    private static int? ReadExecutionCount(JsonObject json, Action<string> problem)
    {
        if (!json.TryGetPropertyValue("execution_count", out var node) || node is null)
        {
            return null;
        }

        if (JsonText.AsInt(node) is int count)
        {
            return count;
        }

        problem($"\"execution_count\" must be an integer or null, found {JsonText.Describe(node)}");
        return null;
    }

    private static MimeBundle ReadBundle(JsonObject json, Action<string> problem)
    {
        var bundle = new MimeBundle();
        if (json["data"] is not JsonObject data)
        {
            problem($"\"data\" must be an object of MIME type to value, found {JsonText.DescribeProperty(json, "data")}");
            return bundle;
        }

        foreach (var (mimeType, value) in data)
        {
            if (!MimeBundle.IsJsonMimeType(mimeType) && MultilineText.TryJoin(value) is { } text)
            {
                bundle.SetText(mimeType, text);
            }
            else
            {
                bundle.SetJson(mimeType, value?.DeepClone());
            }
        }

        return bundle;
    }

    private static List<string> ReadTraceback(JsonObject json, Action<string> problem)
    {
        var lines = new List<string>();
        if (json["traceback"] is JsonArray traceback && traceback.All(line => JsonText.AsString(line) is not null))
        {
            lines.AddRange(traceback.Select(line => JsonText.AsString(line)!));
        }
        else
        {
            problem($"\"traceback\" must be a list of strings, found {JsonText.DescribeProperty(json, "traceback")}");
        }

        return lines;
    }
}
