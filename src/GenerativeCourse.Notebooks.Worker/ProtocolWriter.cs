using System.Text;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Writes protocol messages to the process's real standard output, one marked line each, flushed at once so the
/// host sees them in order with anything a native library writes to the same file descriptor.
/// </summary>
internal sealed class ProtocolWriter
{
    private readonly Lock _gate = new();
    private readonly Stream _stdout;

    public ProtocolWriter(Stream stdout) => _stdout = stdout;

    /// <summary>The cell whose request is running, or null between requests; messages without a cell are about it.</summary>
    public int? CurrentCell { get; set; }

    public void Send(WorkerMessage message)
    {
        var bytes = Encoding.UTF8.GetBytes(WorkerProtocol.ToOutputLine(message));
        lock (_gate)
        {
            _stdout.Write(bytes);
            _stdout.Flush();
        }
    }

    public void Stream(string name, string text) =>
        Send(new WorkerMessage(WorkerProtocol.Stream) { Cell = CurrentCell, Name = name, Text = text });

    public void Display(Dictionary<string, string> data, string? displayId) =>
        Send(new WorkerMessage(WorkerProtocol.Display) { Cell = CurrentCell, Data = data, DisplayId = displayId });

    public void Update(string displayId, Dictionary<string, string> data) =>
        Send(new WorkerMessage(WorkerProtocol.Update) { Cell = CurrentCell, Data = data, DisplayId = displayId });

    public void Error(CellError error) =>
        Send(new WorkerMessage(WorkerProtocol.Error)
        {
            Cell = CurrentCell,
            Ename = error.Name,
            Evalue = error.Message,
            Traceback = [.. error.Traceback],
        });
}
