using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution.DotnetInteractive;

/// <summary>
/// The stdio protocol of the genuine .NET Interactive kernel (<c>dotnet-interactive stdio</c>, what VS Code's Polyglot
/// Notebooks speaks), translated to and from <see cref="WorkerProtocol"/> messages so that the course's runner reports a
/// run in either kernel the same way.
/// </summary>
/// <remarks>
/// <para><b>Out.</b> One JSON command envelope per line: <c>{"token":"cell-3","commandType":"SubmitCode",
/// "command":{"code":"…","targetKernelName":"csharp"}}</c>; at the end <c>Quit</c>.</para>
/// <para><b>In.</b> One JSON event envelope per line (<c>eventType</c>, <c>event</c>, and the <c>command</c> it belongs
/// to); other lines (the kernel's welcome banner) carry nothing. An event belongs to a cell when its command's token is
/// the cell's, or a child of it (<c>cell-3.1</c>: the kernel splits a submission into parts). Translation:
/// <c>KernelReady</c> → ready; <c>StandardOutput/StandardErrorValueProduced</c> → stream; <c>DisplayedValueProduced</c>
/// and <c>ReturnValueProduced</c> → display (the former with its value id); <c>DisplayedValueUpdated</c> → update;
/// <c>ErrorProduced</c> → text on standard error; the cell's own <c>CommandFailed</c> → error, then finished; its
/// <c>CommandSucceeded</c> → finished.</para>
/// </remarks>
internal sealed class DotnetInteractiveProtocol : IKernelProtocol
{
    private const string TokenPrefix = "cell-";
    private readonly Dictionary<int, DateTimeOffset> _started = [];

    public string? Farewell => new JsonObject
    {
        ["token"] = "quit",
        ["commandType"] = "Quit",
        ["command"] = new JsonObject(),
    }.ToJsonString();

    public string Encode(WorkerMessage request)
    {
        if (request.Type != WorkerProtocol.Execute || request.Cell is not int cell)
        {
            throw new ArgumentException($"only '{WorkerProtocol.Execute}' requests with a cell go to the kernel, not '{request.Type}'", nameof(request));
        }

        _started[cell] = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["token"] = TokenPrefix + cell.ToString(CultureInfo.InvariantCulture),
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = request.Code ?? "", ["targetKernelName"] = "csharp" },
        }.ToJsonString();
    }

    public IEnumerable<WorkerMessage> Read(string line)
    {
        if (!line.StartsWith('{') || Parse(line) is not { } envelope)
        {
            return [];
        }

        var eventType = (string?)envelope["eventType"];
        var data = envelope["event"] as JsonObject ?? [];
        if (eventType == "KernelReady")
        {
            return [new WorkerMessage(WorkerProtocol.Ready)];
        }

        if (CellOf(envelope, out var own) is not int cell)
        {
            return [];
        }

        return eventType switch
        {
            "StandardOutputValueProduced" => [Stream(cell, StreamOutput.StandardOutput, PlainText(data))],
            "StandardErrorValueProduced" => [Stream(cell, StreamOutput.StandardError, PlainText(data))],
            "ErrorProduced" => [Stream(cell, StreamOutput.StandardError, ((string?)data["message"] ?? PlainText(data)) + "\n")],
            "DisplayedValueProduced" => [new WorkerMessage(WorkerProtocol.Display) { Cell = cell, Data = Bundle(data), DisplayId = (string?)data["valueId"] }],
            "ReturnValueProduced" => [new WorkerMessage(WorkerProtocol.Display) { Cell = cell, Data = Bundle(data) }],
            "DisplayedValueUpdated" when (string?)data["valueId"] is { } id =>
                [new WorkerMessage(WorkerProtocol.Update) { Cell = cell, Data = Bundle(data), DisplayId = id }],
            "CommandSucceeded" when own => [Finished(cell, succeeded: true)],
            "CommandFailed" when own => [Failure(cell, (string?)data["message"] ?? "the kernel reported a failure without a message"), Finished(cell, succeeded: false)],
            _ => [],
        };
    }

    /// <summary>
    /// The error output of a failed submission: compiler diagnostics (<c>(1,9): error CS0029: …</c>) are a
    /// <c>CompilationError</c>; an exception (<c>System.IO.FileNotFoundException: Could not load …</c>) is named by its type.
    /// </summary>
    internal static WorkerMessage Failure(int cell, string message)
    {
        var lines = message.Split('\n').Select(text => text.TrimEnd('\r')).ToList();
        var first = lines[0];
        string name;
        string value;
        if (first.StartsWith('(') && first.Contains("): error ", StringComparison.Ordinal))
        {
            (name, value) = ("CompilationError", message.TrimEnd());
        }
        else if (first.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon && !first[..colon].Contains(' ', StringComparison.Ordinal))
        {
            (name, value) = (first[..colon], first[(colon + 2)..]);
        }
        else
        {
            (name, value) = ("Error", first);
        }

        return new WorkerMessage(WorkerProtocol.Error) { Cell = cell, Ename = name, Evalue = value, Traceback = lines };
    }

    private WorkerMessage Finished(int cell, bool succeeded) => new(WorkerProtocol.Finished)
    {
        Cell = cell,
        Succeeded = succeeded,
        Start = _started.GetValueOrDefault(cell, DateTimeOffset.UtcNow),
        End = DateTimeOffset.UtcNow,
    };

    // The cell a token names ("cell-3", or "cell-3.1" for a part of it); own is true for the cell's own command.
    private static int? CellOf(JsonObject envelope, out bool own)
    {
        own = false;
        var token = (string?)envelope["command"]?["token"];
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var number = token[TokenPrefix.Length..];
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        own = dot < 0;
        return int.TryParse(own ? number : number[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var cell) ? cell : null;
    }

    private static WorkerMessage Stream(int cell, string name, string text) => new(WorkerProtocol.Stream) { Cell = cell, Name = name, Text = text };

    private static Dictionary<string, string> Bundle(JsonObject data)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in data["formattedValues"]?.AsArray() ?? [])
        {
            if ((string?)value?["mimeType"] is { } mimeType && (string?)value["value"] is { } text)
            {
                bundle[mimeType] = text;
            }
        }

        return bundle;
    }

    private static string PlainText(JsonObject data) => Bundle(data).GetValueOrDefault("text/plain", "");

    private static JsonObject? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
