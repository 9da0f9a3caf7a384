namespace GenerativeCourse.Notebooks.Tests.Chapters;

/// <summary>Folders of the repository the tests run in, found from the test assembly upwards.</summary>
internal static class CourseRepository
{
    /// <summary>The folder that holds <c>GenerativeCourse.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The course's notebooks, <c>notebooks/</c>.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>The chapters' file names, in order.</summary>
    public static IEnumerable<string> Chapters =>
        Directory.GetFiles(Notebooks, "*.ipynb").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenerativeCourse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GenerativeCourse.sln above {AppContext.BaseDirectory}: cannot find the notebooks.");
    }
}
