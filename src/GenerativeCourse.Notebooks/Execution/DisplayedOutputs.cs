using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// The outputs of one notebook run that <c>display(x)</c> created, by display id, so that
/// <c>DisplayedValue.Update</c> replaces the shown value in place (Jupyter's <c>update_display_data</c>, which
/// nbclient also applies to saved notebooks) instead of adding an output per update. A value displayed in one cell
/// may be updated from a later one.
/// </summary>
internal sealed class DisplayedOutputs
{
    private readonly Dictionary<string, (NotebookCell Cell, DisplayDataOutput Output)> _byId = new(StringComparer.Ordinal);

    /// <summary>Adds a new display output to <paramref name="cell"/>, remembering it under its id when it has one.</summary>
    public void Add(NotebookCell cell, MimeBundle data, string? displayId)
    {
        var output = new DisplayDataOutput(data);
        cell.Outputs.Add(output);
        if (displayId is not null)
        {
            _byId[displayId] = (cell, output);
        }
    }

    /// <summary>
    /// Replaces the data of the output shown with <paramref name="displayId"/>, where it is. An id this run never
    /// displayed is ignored, as Jupyter front ends do.
    /// </summary>
    public void Update(string displayId, MimeBundle data)
    {
        if (!_byId.TryGetValue(displayId, out var shown))
        {
            return;
        }

        var index = shown.Cell.Outputs.IndexOf(shown.Output);
        if (index < 0)
        {
            return;
        }

        var updated = new DisplayDataOutput(data);
        shown.Cell.Outputs[index] = updated;
        _byId[displayId] = (shown.Cell, updated);
    }
}
