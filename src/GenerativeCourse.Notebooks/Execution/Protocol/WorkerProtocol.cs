using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenerativeCourse.Notebooks.Execution.Protocol;

/// <summary>
/// The line protocol between the runner (host) and <c>gencourse-worker</c>, the process that executes one notebook.
/// The whole protocol is in this file.
/// </summary>
/// <remarks>
/// <para><b>Host to worker</b>, on the worker's standard input: one JSON object per line.</para>
/// <list type="bullet">
/// <item><c>{"type":"execute","cell":3,"code":"…"}</c>: run the cell's source (directives included) as the next
/// submission of the notebook's script state. The worker runs one request at a time, in order.</item>
/// <item>End of input: the worker finishes the running request and exits with code 0.</item>
/// </list>
/// <para><b>Worker to host</b>, on the worker's standard output: one message per line, each line starting with
/// <see cref="Marker"/> (U+001E, the ASCII record separator) followed by one JSON object. The host reads every other
/// byte of standard output as console output of the running cell: a native library writing to file descriptor 1 is
/// not seen by <see cref="Console.Out"/>, and its text still belongs to the cell. If such text lacks a final newline,
/// the marker can appear inside a line; the host splits there. Standard error is likewise the running cell's
/// <c>stderr</c>, and its last lines explain a crash.</para>
/// <list type="bullet">
/// <item><c>{"type":"ready"}</c>: once, when the worker can take requests.</item>
/// <item><c>{"type":"started","cell":3,"time":"…"}</c>: the request for cell 3 began (UTC, ISO 8601).</item>
/// <item><c>{"type":"stream","cell":3,"name":"stdout","text":"…"}</c>: text the cell wrote to <see cref="Console.Out"/>
/// (<c>stdout</c>) or <see cref="Console.Error"/> (<c>stderr</c>), in order with its displays.</item>
/// <item><c>{"type":"display","cell":3,"data":{"text/html":"…","text/plain":"…"}}</c>: a value shown with
/// <c>display(x)</c>, <c>x.Display()</c> or as the cell's trailing expression; one string per MIME type
/// (<c>image/png</c> in base64). A value shown with <c>display</c> or <c>Display</c> carries a <c>"displayId"</c>;
/// a trailing expression has none.</item>
/// <item><c>{"type":"update","cell":3,"displayId":"…","data":{…}}</c>: <c>DisplayedValue.Update</c> showed a new value
/// in place of the display with that id (Jupyter's <c>update_display_data</c>), which may belong to an earlier cell.</item>
/// <item><c>{"type":"error","cell":3,"ename":"…","evalue":"…","traceback":["…"]}</c>: the cell failed (at most once
/// per cell): a directive problem, compilation errors at cell-relative (line,column), or an exception.</item>
/// <item><c>{"type":"finished","cell":3,"succeeded":true,"start":"…","end":"…"}</c>: the request is over; the worker
/// takes the next one.</item>
/// </list>
/// </remarks>
internal static class WorkerProtocol
{
    /// <summary>Starts every message line the worker writes to standard output.</summary>
    public const char Marker = '\u001e';

    public const string Execute = "execute";
    public const string Ready = "ready";
    public const string Started = "started";
    public const string Stream = "stream";
    public const string Display = "display";
    public const string Update = "update";
    public const string Error = "error";
    public const string Finished = "finished";

    // Relaxed escaping keeps HTML readable and short; control characters (newlines, the marker) are still escaped.
    private static readonly JsonSerializerOptions _json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One line of JSON, without the marker and without a newline (JSON escapes every newline inside strings).</summary>
    public static string Serialize(WorkerMessage message) => JsonSerializer.Serialize(message, _json);

    /// <summary>The message in a line of JSON, or null if the line is not one.</summary>
    public static WorkerMessage? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(json, _json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A <see cref="Stream"/> message without a cell: text that belongs to whichever cell is running.</summary>
    public static WorkerMessage StreamText(string name, string text) => new(Stream) { Name = name, Text = text };

    /// <summary>The line the worker writes for a message: marker, JSON, newline.</summary>
    public static string ToOutputLine(WorkerMessage message) =>
        new StringBuilder().Append(Marker).Append(Serialize(message)).Append('\n').ToString();
}

/// <summary>
/// One message of <see cref="WorkerProtocol"/>, in either direction; <see cref="Type"/> says which fields are set.
/// </summary>
internal sealed record WorkerMessage(string Type)
{
    /// <summary>Index of the cell in the notebook (requests and every reply about a cell).</summary>
    public int? Cell { get; init; }

    /// <summary><c>execute</c>: the cell's source.</summary>
    public string? Code { get; init; }

    /// <summary><c>stream</c>: <c>stdout</c> or <c>stderr</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>stream</c>: the text.</summary>
    public string? Text { get; init; }

    /// <summary><c>display</c> and <c>update</c>: MIME type to representation.</summary>
    public Dictionary<string, string>? Data { get; init; }

    /// <summary><c>display</c> (from <c>display(x)</c> or <c>x.Display()</c>) and <c>update</c>: which displayed value.</summary>
    public string? DisplayId { get; init; }

    /// <summary><c>error</c>: the kind of error (<c>CompilationError</c> or an exception type).</summary>
    public string? Ename { get; init; }

    /// <summary><c>error</c>: the message.</summary>
    public string? Evalue { get; init; }

    /// <summary><c>error</c>: diagnostics or stack frames.</summary>
    public List<string>? Traceback { get; init; }

    /// <summary><c>started</c>: when the request began (UTC).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary><c>finished</c>: when the cell's execution began and ended (UTC).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary><c>finished</c>: see <see cref="Start"/>.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary><c>finished</c>: false when the cell produced an error.</summary>
    public bool? Succeeded { get; init; }
}
