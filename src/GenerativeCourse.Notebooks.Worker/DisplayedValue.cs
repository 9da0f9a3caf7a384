namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// What <c>display(x)</c> and <c>x.Display()</c> return, as in .NET Interactive: a handle on the shown value.
/// </summary>
public sealed class DisplayedValue
{
    private readonly string[] _mimeTypes;

    internal DisplayedValue(object? value, string[] mimeTypes)
    {
        Value = value;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The value last shown.</summary>
    public object? Value { get; private set; }

    /// <summary>
    /// Shows a new value in the same MIME types. A live front end replaces the earlier output; a saved notebook keeps
    /// both, in order, so the runner appends a new output.
    /// </summary>
    public void Update(object? updatedValue)
    {
        Value = updatedValue;
        NotebookGlobals.Show(updatedValue, _mimeTypes);
    }
}
