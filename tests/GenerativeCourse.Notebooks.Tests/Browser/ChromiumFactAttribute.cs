namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// A fact that needs Chromium or Chrome (<see cref="HeadlessChromium.Candidates"/>). When none is installed the test is
/// skipped, and says how to get one; when one is present the test runs (and fails like any other).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static readonly string SkipReason =
        $"Chromium is not installed (looked for {string.Join(", ", HeadlessChromium.Candidates)}); install Debian's chromium package or set GENCOURSE_CHROMIUM";

    public ChromiumFactAttribute()
    {
        if (!HeadlessChromium.IsInstalled)
        {
            Skip = SkipReason;
        }
    }
}
