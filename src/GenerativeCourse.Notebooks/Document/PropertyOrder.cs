namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The order in which a JSON object's keys are written: keys the file had keep their original order, and
/// keys new to it follow in ordinal order (the order Jupyter and VS Code use, as both sort keys).
/// </summary>
internal static class PropertyOrder
{
    public static List<string> Arrange(IEnumerable<string> presentKeys, IReadOnlyList<string>? originalOrder)
    {
        var remaining = new SortedSet<string>(presentKeys, StringComparer.Ordinal);
        var ordered = new List<string>(remaining.Count);
        foreach (var key in originalOrder ?? [])
        {
            if (remaining.Remove(key))
            {
                ordered.Add(key);
            }
        }

        ordered.AddRange(remaining);
        return ordered;
    }
}
