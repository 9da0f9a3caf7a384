using System.Globalization;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>How the index and the pages word a run's status and duration.</summary>
internal static class RunFacts
{
    public static string Status(SitePage page) => page.Failure?.Summary ?? "passed";

    public static string StatusClass(SitePage page) => page.Failure is null ? "passed" : "failed";

    /// <summary>Seconds with one decimal (<c>12.3 s</c>), or <c>–</c> when unknown.</summary>
    public static string Duration(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–";
}
