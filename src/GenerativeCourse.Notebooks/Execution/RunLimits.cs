using System.Globalization;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// What may stop a notebook as a whole: the caller's cancellation and the notebook's timeout, as one token; and
/// for each cell, the cell's timeout on top. Says which one fired, for the error output.
/// </summary>
internal sealed class RunLimits : IDisposable
{
    public const string Cancelled = "Cancelled";
    public const string NotebookTimeout = "NotebookTimeout";
    public const string CellTimeout = "CellTimeout";

    private readonly CancellationToken _caller;
    private readonly TimeSpan? _notebookTimeout;
    private readonly CancellationTokenSource _notebook;

    public RunLimits(TimeSpan? notebookTimeout, CancellationToken caller)
    {
        _caller = caller;
        _notebookTimeout = notebookTimeout;
        _notebook = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (notebookTimeout is { } timeout)
        {
            _notebook.CancelAfter(timeout);
        }
    }

    /// <summary>Cancelled by the caller or when the notebook's time is up.</summary>
    public CancellationToken Token => _notebook.Token;

    /// <summary>A source for one cell: the notebook's limits plus the cell's timeout.</summary>
    public CancellationTokenSource ForCell(TimeSpan? cellTimeout)
    {
        var cell = CancellationTokenSource.CreateLinkedTokenSource(_notebook.Token);
        if (cellTimeout is { } timeout)
        {
            cell.CancelAfter(timeout);
        }

        return cell;
    }

    /// <summary>The error name and message for a stop of cell <paramref name="cellIndex"/>.</summary>
    public (string Name, string Message) DescribeStop(int cellIndex, TimeSpan? cellTimeout)
    {
        if (_caller.IsCancellationRequested)
        {
            return (Cancelled, $"Cell {cellIndex} was cancelled");
        }

        return _notebook.IsCancellationRequested
            ? (NotebookTimeout, $"Cell {cellIndex} was stopped: the notebook timed out after {Seconds(_notebookTimeout)} s")
            : (CellTimeout, $"Cell {cellIndex} timed out after {Seconds(cellTimeout)} s");
    }

    /// <summary>Why the run stopped before any cell ran.</summary>
    public string Describe(TimeSpan elapsed) => _caller.IsCancellationRequested
        ? "the run was cancelled"
        : $"the notebook timed out after {Seconds(_notebookTimeout)} s (waited {Seconds(elapsed)} s)";

    public void Dispose() => _notebook.Dispose();

    private static string Seconds(TimeSpan? time) => (time ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
