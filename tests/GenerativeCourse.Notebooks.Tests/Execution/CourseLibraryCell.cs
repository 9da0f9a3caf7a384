namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>
/// A first cell like the chapters' own, for test notebooks in temporary folders: the chapters' packages restored with
/// <c>#r "nuget:"</c>, the course library referenced with <c>#r</c> by absolute path, and <c>Course.Setup()</c>.
/// </summary>
internal static class CourseLibraryCell
{
    /// <summary>The packages of the chapters' first cell; the course library needs them at run time.</summary>
    public static readonly IReadOnlyList<string> Packages =
    [
        "TorchSharp-cpu, 0.107.0",
        "Plotly.NET, 6.0.0",
        "Plotly.NET.CSharp, 0.14.0",
        "XPlot.Plotly, 4.1.0",
        "SkiaSharp, 2.88.9",
        "SkiaSharp.NativeAssets.Linux.NoDependencies, 2.88.9",
    ];

    /// <summary>The course library built beside this test project (same configuration), through a non-referencing project reference.</summary>
    public static string LibraryPath
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(testOutput.Parent!.Parent!.FullName, "GenerativeCourse", testOutput.Name, "GenerativeCourse.dll");
        }
    }

    /// <summary>The cell's source: directives for <paramref name="packages"/> (default <see cref="Packages"/>), the library, then <c>Course.Setup();</c>.</summary>
    public static string Source(IEnumerable<string>? packages = null) =>
        string.Join('\n', (packages ?? Packages).Select(package => $"#r \"nuget: {package}\"")) +
        $"\n#r \"{LibraryPath}\"\n\nusing TorchSharp;\nGenerativeCourse.Course.Setup();";
}
