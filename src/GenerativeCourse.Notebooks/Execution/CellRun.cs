using System.Diagnostics;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// One code cell on the worker: sends it, records what comes back (console text, displays, the error) as the cell's
/// outputs, and its timing; stops the worker if the cell runs out of time, is cancelled, or the worker dies.
/// </summary>
internal sealed class CellRun
{
    /// <summary>The error name of a cell during which the kernel process died.</summary>
    public const string WorkerCrashed = "WorkerCrashed";

    private static readonly TimeSpan _exitGrace = TimeSpan.FromSeconds(5);

    private readonly WorkerProcess _worker;
    private readonly Notebook _notebook;
    private readonly NotebookCell _cell;
    private readonly int _index;
    private readonly NotebookRunOptions _options;
    private readonly RunLimits _limits;
    private readonly DisplayedOutputs _displays;
    private readonly Stopwatch _clock = new();
    private DateTimeOffset _start;

    public CellRun(WorkerProcess worker, Notebook notebook, int index, NotebookRunOptions options, RunLimits limits, DisplayedOutputs displays)
    {
        _displays = displays;
        _worker = worker;
        _notebook = notebook;
        _cell = notebook.Cells[index];
        _index = index;
        _options = options;
        _limits = limits;
    }

    /// <summary>True for the errors after which the kernel is gone (stopped by a limit, or crashed), so no cell can follow.</summary>
    public static bool StopsKernel(ErrorOutput error) =>
        error.ErrorName is RunLimits.CellTimeout or RunLimits.NotebookTimeout or RunLimits.Cancelled or WorkerCrashed;

    /// <summary>Fails the cell without sending it (its kernel cannot run here).</summary>
    public ErrorOutput Reject(ErrorOutput error)
    {
        Begin();
        _cell.Outputs.Add(error);
        End(new ExecutionTiming(_start, DateTimeOffset.UtcNow), succeeded: false);
        return error;
    }

    /// <summary>Runs the cell; its error output, or null when it succeeded.</summary>
    public async Task<ErrorOutput?> ExecuteAsync()
    {
        Begin();
        using var limit = _limits.ForCell(_options.CellTimeout);
        ErrorOutput? error = null;
        try
        {
            await _worker.SendAsync(new WorkerMessage(WorkerProtocol.Execute) { Cell = _index, Code = _cell.Source }, limit.Token);
            while (await _worker.Messages.WaitToReadAsync(limit.Token))
            {
                if (!_worker.Messages.TryRead(out var message))
                {
                    continue;
                }

                if (message.Type == WorkerProtocol.Finished && message.Cell == _index)
                {
                    End(new ExecutionTiming(message.Start ?? _start, message.End ?? DateTimeOffset.UtcNow), error is null);
                    return error;
                }

                // Every message is recorded; the first error is the cell's.
                var recorded = Record(message);
                error ??= recorded;
            }

            error = await Crashed();
        }
        catch (OperationCanceledException)
        {
            _worker.Kill();
            var (name, text) = _limits.DescribeStop(_index, _options.CellTimeout);
            error = Add(new ErrorOutput(name, text, []));
        }
        catch (IOException)
        {
            // The worker closed its input: it is gone.
            error = await Crashed();
        }

        End(new ExecutionTiming(_start, DateTimeOffset.UtcNow), succeeded: false);
        return error;
    }

    private void Begin()
    {
        _start = DateTimeOffset.UtcNow;
        _clock.Restart();
        _options.Progress?.Report(new CellProgress(CellProgressKind.Started, _index, _notebook.Cells.Count, _cell.FirstLine, TimeSpan.Zero, null));
    }

    private void End(ExecutionTiming timing, bool succeeded)
    {
        _cell.Timing = timing;
        _options.Progress?.Report(new CellProgress(CellProgressKind.Finished, _index, _notebook.Cells.Count, _cell.FirstLine, _clock.Elapsed, succeeded));
    }

    // Output without a cell (a native library's console text) belongs to the running cell.
    private ErrorOutput? Record(WorkerMessage message)
    {
        var cell = message.Cell is int index && index >= 0 && index < _notebook.Cells.Count ? _notebook.Cells[index] : _cell;
        switch (message.Type)
        {
            case WorkerProtocol.Stream when message.Name is { } name && message.Text is { } text:
                cell.AppendStream(name, text);
                return null;
            case WorkerProtocol.Display when message.Data is { } data:
                _displays.Add(cell, Bundle(data), message.DisplayId);
                return null;
            case WorkerProtocol.Update when message.Data is { } data && message.DisplayId is { } displayId:
                _displays.Update(displayId, Bundle(data));
                return null;
            case WorkerProtocol.Error:
                var error = new ErrorOutput(message.Ename ?? "Error", message.Evalue ?? "", message.Traceback ?? []);
                cell.Outputs.Add(error);
                return cell == _cell ? error : null;
            default:
                return null;
        }
    }

    private static MimeBundle Bundle(Dictionary<string, string> data)
    {
        var bundle = new MimeBundle();
        foreach (var (mimeType, value) in data)
        {
            bundle.SetText(mimeType, value);
        }

        return bundle;
    }

    private async Task<ErrorOutput> Crashed()
    {
        var (exitCode, stderr) = await _worker.WaitForExitAsync(_exitGrace);
        var last = stderr.Count == 0 ? "it wrote nothing to standard error" : "the last lines it wrote to standard error follow";
        return Add(new ErrorOutput(WorkerCrashed, $"The notebook worker exited with code {exitCode} while running cell {_index}; {last}", stderr));
    }

    private ErrorOutput Add(ErrorOutput error)
    {
        _cell.Outputs.Add(error);
        return error;
    }
}
