using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Runs;

/// <summary>
/// Turns the paths a user gives (<c>gencourse run notebooks 03-vae.ipynb</c>) into the notebooks to run: a folder
/// means every <c>*.ipynb</c> directly in it, in ordinal name order (so <c>00-…</c>, <c>01-…</c> run in course order)
/// except where a notebook declares that it runs after others (<see cref="CourseOrder"/>); a file is taken as it is,
/// where it is named, if it is a <c>.ipynb</c> or <c>.dib</c>. A notebook named twice runs once.
/// </summary>
public static class NotebookPaths
{
    /// <summary>The notebooks, in order, or every path that names nothing runnable.</summary>
    public static DocumentResult<IReadOnlyList<string>> Expand(IEnumerable<string> paths)
    {
        var notebooks = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<NotebookProblem>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var inFolder = Directory.EnumerateFiles(path, "*.ipynb", SearchOption.TopDirectoryOnly)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (inFolder.Count == 0)
                {
                    problems.Add(NotebookProblem.InFile(path, "is a folder with no .ipynb notebooks in it"));
                }

                var arranged = CourseOrder.Arrange(inFolder);
                problems.AddRange(arranged.Problems);
                notebooks.AddRange((arranged.Value ?? []).Where(file => seen.Add(Path.GetFullPath(file))));
            }
            else if (File.Exists(path))
            {
                if (!IsNotebook(path))
                {
                    problems.Add(NotebookProblem.InFile(path, $"is not a notebook: expected a folder, a .ipynb or a .dib file"));
                }
                else if (seen.Add(Path.GetFullPath(path)))
                {
                    notebooks.Add(path);
                }
            }
            else
            {
                problems.Add(NotebookProblem.InFile(path, "does not exist: expected a notebook (.ipynb, .dib) or a folder of notebooks"));
            }
        }

        return problems.Count > 0
            ? DocumentResult<IReadOnlyList<string>>.Failure(problems)
            : DocumentResult<IReadOnlyList<string>>.Success(notebooks);
    }

    private static bool IsNotebook(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".ipynb" or ".dib";
}
