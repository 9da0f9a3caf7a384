namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Runs one cell: its directives first, then its code as a submission of the notebook's session. Any failure,
/// including one of the worker itself, becomes the cell's error output.
/// </summary>
internal sealed class CellExecutor
{
    private readonly NotebookSession _session;
    private readonly OutputOrder _outputs;
    private readonly NativeLibraryResolver _nativeLibraries;

    public CellExecutor(NotebookSession session, OutputOrder outputs, NativeLibraryResolver nativeLibraries)
    {
        _session = session;
        _outputs = outputs;
        _nativeLibraries = nativeLibraries;
    }

    /// <summary>Executes the cell's source; false when it failed (the error has been sent).</summary>
    public async Task<bool> ExecuteAsync(string source)
    {
        try
        {
            return await _session.RunAsync(source, []);
        }
        catch (Exception e)
        {
            _outputs.Error(SubmissionErrors.FromException(e));
            return false;
        }
    }
}
