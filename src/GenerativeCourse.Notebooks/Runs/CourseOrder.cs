using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>
/// The order in which a folder's notebooks run: ordinal name order (<c>00-…</c>, <c>01-…</c>), except that a notebook
/// that declares <see cref="RunsAfter"/> waits until every notebook it names has run. Among the notebooks that may
/// run next, the first in name order goes first, so a folder without declarations runs in plain name order.
/// </summary>
/// <remarks>
/// A notebook that cannot be read is placed in name order and declares nothing here; the run reports what is wrong
/// with it. A name that is no notebook of the folder, and notebooks that wait for each other, are problems.
/// </remarks>
public static class CourseOrder
{
    /// <summary>The notebooks of one folder in the order they run, or the problems with their declarations.</summary>
    /// <param name="inNameOrder">The folder's notebooks, sorted by name.</param>
    public static DocumentResult<IReadOnlyList<string>> Arrange(IReadOnlyList<string> inNameOrder)
    {
        ArgumentNullException.ThrowIfNull(inNameOrder);
        var byName = inNameOrder.ToDictionary(file => Path.GetFileNameWithoutExtension(file), StringComparer.Ordinal);
        var waitsFor = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var problems = new List<NotebookProblem>();
        foreach (var file in inNameOrder)
        {
            var read = NotebookFile.Read(file);
            var declared = read.Succeeded ? RunsAfter.ReadFrom(read.Value!, file) : DocumentResult<IReadOnlyList<string>>.Success([]);
            problems.AddRange(declared.Problems);
            var names = declared.Value ?? [];
            problems.AddRange(names.Where(name => !byName.ContainsKey(name)).Select(name => NotebookProblem.InFile(
                file, $"metadata.{CourseMetadata.Key}.{RunsAfter.Key} names \"{name}\", which is no notebook in {Path.GetDirectoryName(file)}: expected one of {string.Join(", ", byName.Keys)}")));
            waitsFor[file] = names.Where(byName.ContainsKey).Select(name => byName[name]).ToList();
        }

        var order = new List<string>();
        var remaining = inNameOrder.ToList();
        while (problems.Count == 0 && remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(file => waitsFor[file].All(order.Contains));
            if (next is null)
            {
                problems.Add(NotebookProblem.InFile(remaining[0], $"metadata.{CourseMetadata.Key}.{RunsAfter.Key}: the notebooks {string.Join(", ", remaining.Select(Path.GetFileNameWithoutExtension))} wait for one another, so none of them can run first"));
                break;
            }

            order.Add(next);
            remaining.Remove(next);
        }

        return problems.Count > 0
            ? DocumentResult<IReadOnlyList<string>>.Failure(problems)
            : DocumentResult<IReadOnlyList<string>>.Success(order);
    }
}
