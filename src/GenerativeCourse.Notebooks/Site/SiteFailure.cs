namespace GenerativeCourse.Notebooks.Site;

/// <summary>Where and why a notebook's run stopped, as its page and the index report it.</summary>
/// <param name="CellIndex">Zero-based index of the failing cell in the notebook's cells, when the failure is in one cell.</param>
/// <param name="Message">The error, for example <c>InvalidOperationException: the loss is NaN</c>.</param>
public sealed record SiteFailure(int? CellIndex, string Message)
{
    /// <summary>"failed at cell 4" or "failed".</summary>
    public string Summary => CellIndex is int cell ? $"failed at cell {cell}" : "failed";
}
