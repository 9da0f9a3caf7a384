namespace GenerativeCourse.Benchmarks;

/// <summary>
/// Puts a benchmark table into README.md between the markers <see cref="StartMarker"/> and <see cref="EndMarker"/>,
/// replacing what was there, so the README's numbers are always those of a <c>gencourse bench</c> run
/// (<c>gencourse bench --update-readme</c>), never typed by hand.
/// </summary>
public static class ReadmeTable
{
    public const string StartMarker = "<!-- bench:start -->";

    public const string EndMarker = "<!-- bench:end -->";

    /// <summary>The text with everything between the markers replaced by <paramref name="table"/>.</summary>
    /// <exception cref="InvalidOperationException">The markers are missing or out of order; the message says what to add.</exception>
    public static string Replace(string text, string table)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(table);
        var start = text.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"the README has no {StartMarker} … {EndMarker} pair; put the two markers, each on its own line, where the benchmark table belongs.");
        }

        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = table.ReplaceLineEndings(newline).TrimEnd();
        return text[..(start + StartMarker.Length)] + newline + body + newline + text[end..];
    }

    /// <summary>Rewrites <paramref name="readmePath"/> with the table between its markers (through a temporary file and a rename).</summary>
    /// <exception cref="InvalidOperationException">The markers are missing; the file is left as it was.</exception>
    public static void Update(string readmePath, string table)
    {
        AtomicFile.WriteAllText(readmePath, Replace(File.ReadAllText(readmePath), table));
    }
}
