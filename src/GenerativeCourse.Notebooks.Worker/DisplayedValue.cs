namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// What <c>display(x)</c> and <c>x.Display()</c> return, as in .NET Interactive: a handle on the shown value.
/// </summary>
public sealed class DisplayedValue
{
    private readonly string[] _mimeTypes;
    private readonly string _displayId;

    internal DisplayedValue(object? value, string[] mimeTypes, string displayId)
    {
        Value = value;
        _mimeTypes = mimeTypes;
        _displayId = displayId;
    }

    /// <summary>The value last shown.</summary>
    public object? Value { get; private set; }

    /// <summary>
    /// Shows a new value, in the same MIME types, in place of the earlier one (Jupyter's <c>update_display_data</c>):
    /// a live progress chart updated every epoch leaves one output in the saved notebook, holding the last value.
    /// </summary>
    public void Update(object? updatedValue)
    {
        Value = updatedValue;
        NotebookGlobals.Update(_displayId, updatedValue, _mimeTypes);
    }
}
