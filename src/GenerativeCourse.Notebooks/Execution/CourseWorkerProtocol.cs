using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// <c>gencourse-worker</c>'s side of <see cref="WorkerProtocol"/>: requests as JSON lines; replies as marked JSON lines,
/// with any other text on standard output (a native library writing to file descriptor 1) as the running cell's console
/// output. When such text lacks a final newline the marker appears inside a line, and the line is split there.
/// </summary>
internal sealed class CourseWorkerProtocol : IKernelProtocol
{
    public string Encode(WorkerMessage request) => WorkerProtocol.Serialize(request);

    /// <summary>None: the worker exits at the end of its input.</summary>
    public string? Farewell => null;

    public IEnumerable<WorkerMessage> Read(string line)
    {
        var marker = line.IndexOf(WorkerProtocol.Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            yield return WorkerProtocol.StreamText(StreamOutput.StandardOutput, line + "\n");
            yield break;
        }

        if (marker > 0)
        {
            yield return WorkerProtocol.StreamText(StreamOutput.StandardOutput, line[..marker]);
        }

        if (WorkerProtocol.Deserialize(line[(marker + 1)..]) is { } message)
        {
            yield return message;
        }
    }
}
