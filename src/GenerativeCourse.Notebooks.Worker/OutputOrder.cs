namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// The one place that sends a cell's outputs, so that pending console text always goes out before a display or an
/// error that the cell produced after it.
/// </summary>
internal sealed class OutputOrder
{
    private readonly ProtocolWriter _protocol;
    private readonly ConsoleCapture _stdout;
    private readonly ConsoleCapture _stderr;

    public OutputOrder(ProtocolWriter protocol, ConsoleCapture stdout, ConsoleCapture stderr)
    {
        _protocol = protocol;
        _stdout = stdout;
        _stderr = stderr;
    }

    public ProtocolWriter Protocol => _protocol;

    public void FlushConsole()
    {
        _stdout.Flush();
        _stderr.Flush();
    }

    /// <summary>A new output; <paramref name="displayId"/> names it for later updates (null for a trailing expression).</summary>
    public void Display(Dictionary<string, string> data, string? displayId = null)
    {
        FlushConsole();
        _protocol.Display(data, displayId);
    }

    /// <summary>New data for the output shown earlier with <paramref name="displayId"/>; it adds no output.</summary>
    public void Update(string displayId, Dictionary<string, string> data)
    {
        FlushConsole();
        _protocol.Update(displayId, data);
    }

    public void Error(CellError error)
    {
        FlushConsole();
        _protocol.Error(error);
    }
}
