using System.Text.RegularExpressions;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Picks the lines of a restore's console output that explain a failure, so a message quotes
/// <c>error NU1101: Unable to find package Nope…</c> and not hundreds of lines of build log.
/// </summary>
internal static partial class RestoreOutput
{
    private const int MaxLines = 20;

    /// <summary>
    /// The <c>NU####</c> errors and warnings without the project path in front, each once; when there are none, the other
    /// error lines; when there are none either, the last lines of the output.
    /// </summary>
    public static IReadOnlyList<string> Relevant(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var nuget = Distinct(lines.Select(line => NuGetDiagnostic().Match(line)).Where(m => m.Success).Select(m => m.Value));
        if (nuget.Count > 0)
        {
            return nuget;
        }

        var errors = Distinct(lines.Select(line => AnyError().Match(line)).Where(m => m.Success).Select(m => m.Value));
        return errors.Count > 0 ? errors : lines.TakeLast(MaxLines).ToList();
    }

    private static List<string> Distinct(IEnumerable<string> lines) =>
        lines.Select(StripProjectSuffix).Distinct(StringComparer.Ordinal).Take(MaxLines).ToList();

    // MSBuild ends diagnostics with " [/path/to/project.csproj]"; the path is ours, not the reader's.
    private static string StripProjectSuffix(string line) => ProjectSuffix().Replace(line, "");

    [GeneratedRegex(@"(error|warning) NU\d{4}:.*$")]
    private static partial Regex NuGetDiagnostic();

    [GeneratedRegex(@"error [A-Z]+\d+:.*$")]
    private static partial Regex AnyError();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]\s*$")]
    private static partial Regex ProjectSuffix();
}
